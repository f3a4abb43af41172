package io.darktower.projections.history;

import io.darktower.events.user.OAuthProviderLinked;
import io.darktower.events.user.OAuthProviderUnlinked;
import io.darktower.events.user.UserDeactivated;
import io.darktower.events.user.UserErased;
import io.darktower.events.user.UserEvent;
import io.darktower.events.user.UserLoggedIn;
import io.darktower.events.user.UserLoginFailed;
import io.darktower.events.user.UserPasswordChanged;
import io.darktower.events.user.UserProfileChanged;
import io.darktower.events.user.UserRegistered;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A user as their events left them after one step. Secrets stay out: whether a password is set and when it last
 * changed, never its (sealed) hash; linked providers by name and account, never their tokens.
 *
 * @param failedLoginsInARow failed logins since the last successful one
 * @param providers          linked sign-in accounts as {@code provider:providerUserId}, in the order they were linked
 */
public record UserState(
        String email,
        String displayName,
        boolean active,
        boolean passwordSet,
        Instant registeredAt,
        Instant passwordChangedAt,
        Instant lastLoginAt,
        int failedLoginsInARow,
        Instant deactivatedAt,
        List<String> providers) {

    public UserState {
        providers = List.copyOf(providers);
    }

    static UserState none() {
        return new UserState(null, null, false, false, null, null, null, 0, null, List.of());
    }

    UserState apply(UserEvent event) {
        return switch (event) {
            case UserRegistered e -> new UserState(e.email(), e.displayName(), true, e.passwordHash() != null,
                    e.registeredAt(), null, null, 0, null, List.of());
            case UserProfileChanged e -> new UserState(email, e.displayName(), active, passwordSet, registeredAt,
                    passwordChangedAt, lastLoginAt, failedLoginsInARow, deactivatedAt, providers);
            case UserPasswordChanged e -> new UserState(email, displayName, active, true, registeredAt, e.changedAt(),
                    lastLoginAt, failedLoginsInARow, deactivatedAt, providers);
            case UserLoggedIn e -> new UserState(email, displayName, active, passwordSet, registeredAt, passwordChangedAt,
                    e.loggedInAt(), 0, deactivatedAt, providers);
            case UserLoginFailed e -> new UserState(email, displayName, active, passwordSet, registeredAt,
                    passwordChangedAt, lastLoginAt, failedLoginsInARow + 1, deactivatedAt, providers);
            case UserDeactivated e -> new UserState(email, displayName, false, passwordSet, registeredAt,
                    passwordChangedAt, lastLoginAt, failedLoginsInARow, e.deactivatedAt(), providers);
            case OAuthProviderLinked e -> withProviders(plus(e.provider() + ":" + e.providerUserId()));
            // the account is gone for good; its personal fields read as their erased placeholders from here on
            case UserErased e -> new UserState(email, displayName, false, false, registeredAt, passwordChangedAt,
                    lastLoginAt, failedLoginsInARow, deactivatedAt == null ? e.erasedAt() : deactivatedAt, List.of());
            case OAuthProviderUnlinked e -> withProviders(
                    providers.stream().filter(p -> !p.equals(e.provider() + ":" + e.providerUserId())).toList());
        };
    }

    private List<String> plus(String account) {
        List<String> out = new ArrayList<>(providers.stream().filter(p -> !p.equals(account)).toList());
        out.add(account);
        return out;
    }

    private UserState withProviders(List<String> linked) {
        return new UserState(email, displayName, active, passwordSet, registeredAt, passwordChangedAt, lastLoginAt,
                failedLoginsInARow, deactivatedAt, linked);
    }
}
