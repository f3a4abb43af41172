package io.darktower.gateway.oidc;

import com.fasterxml.jackson.annotation.JsonValue;
import io.darktower.commands.Rejected;
import io.darktower.commands.claims.ClaimOwners;
import io.darktower.commands.user.LinkOAuthProvider;
import io.darktower.commands.user.LoginOutcome;
import io.darktower.commands.user.RegisterUser;
import io.darktower.commands.user.RegisterWithProvider;
import io.darktower.commands.user.SignInWithProvider;
import io.darktower.commands.user.User;
import io.darktower.commands.user.UserRejection;
import io.darktower.commands.user.UserRules;
import io.darktower.errors.ErrorCode;
import io.darktower.events.user.LoginFailure;
import io.darktower.events.user.OAuthAccounts;
import io.darktower.gateway.api.ApiException;
import io.darktower.gateway.api.CommandDispatcher;
import io.darktower.gateway.api.RequestContext;
import io.darktower.gateway.oidc.OidcLogin.ProviderAccount;
import io.darktower.gateway.user.PasswordLogin;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Which user a proven provider account signs in, and the command that records it:
 * <ol>
 * <li>a link asked for by a signed-in user ({@link PendingLogin#linkUserId()}) links the provider account to that user
 * ({@link LinkOAuthProvider}; refused if it is linked to someone else);</li>
 * <li>a provider account linked to a user signs that user in ({@link SignInWithProvider}, keeping the fresh tokens);</li>
 * <li>otherwise a new account is opened, linked and signed in ({@link RegisterWithProvider}), if the provider vouches
 * for an email ({@code email_verified}) that no account has. An email that belongs to an account already is <b>not</b>
 * linked to it: whoever controls an email at some provider does not get the account of that email here; its owner
 * signs in and links the provider (409 {@code OIDC_ACCOUNT_EXISTS} says so).</li>
 * </ol>
 * The link is found on the write side's claim ({@link ClaimOwners}), so a sign-in right after a link finds it even
 * before the read model shows it.
 */
@Component
public class OidcAccounts {

    static final String EMAIL_UNVERIFIED = "OIDC_EMAIL_UNVERIFIED";
    static final String ACCOUNT_EXISTS = "OIDC_ACCOUNT_EXISTS";

    private final CommandDispatcher commands;
    private final ClaimOwners claims;

    public OidcAccounts(CommandDispatcher commands, ClaimOwners claims) {
        this.commands = commands;
        this.claims = claims;
    }

    /** What the sign-in did. */
    public enum Outcome {
        SIGNED_IN("signed_in"), REGISTERED("registered"), LINKED("linked");

        private final String wire;

        Outcome(String wire) {
            this.wire = wire;
        }

        @JsonValue
        public String wire() {
            return wire;
        }
    }

    /** The user the provider account signed in, and how. */
    public record SignedIn(UUID userId, String provider, Outcome outcome) {
    }

    public Mono<SignedIn> signIn(ProviderAccount account, UUID linkUserId, Instant now, RequestContext context) {
        if (linkUserId != null) {
            return commands.send(link(linkUserId, account, now), context)
                    .onErrorMap(AggregateNotFoundException.class, e -> ApiException.notFound("no user " + linkUserId))
                    .thenReturn(new SignedIn(linkUserId, account.provider(), Outcome.LINKED));
        }
        return Mono.fromCallable(() -> claims.ownerOf(UserRules.OAUTH_ACCOUNT,
                        OAuthAccounts.identity(account.provider(), account.subject())))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(owner -> owner.isPresent()
                        ? signInLinked(UUID.fromString(owner.get()), account, now, context)
                        : register(account, now, context));
    }

    private Mono<SignedIn> signInLinked(UUID userId, ProviderAccount account, Instant now, RequestContext context) {
        return commands.<LoginOutcome>send(new SignInWithProvider(link(userId, account, now)), context)
                .map(outcome -> {
                    if (outcome.failure() == LoginFailure.DEACTIVATED) {
                        throw new ApiException(ErrorCode.FORBIDDEN, PasswordLogin.USER_DEACTIVATED, "this account is deactivated");
                    }
                    return new SignedIn(userId, account.provider(), Outcome.SIGNED_IN);
                });
    }

    private Mono<SignedIn> register(ProviderAccount account, Instant now, RequestContext context) {
        if (account.email() == null || !account.emailVerified()) {
            return Mono.error(new ApiException(ErrorCode.FORBIDDEN, EMAIL_UNVERIFIED,
                    "the provider vouches for no email: sign in otherwise and link this provider"));
        }
        UUID userId = UUID.randomUUID();
        RegisterUser user = new RegisterUser(userId, account.email(), displayName(account), null, now);
        return commands.<LoginOutcome>send(new RegisterWithProvider(user, link(userId, account, now)), context)
                .onErrorMap(e -> e instanceof Rejected rejected && rejected.reason() == UserRejection.EMAIL_TAKEN,
                        e -> new ApiException(ErrorCode.CONFLICT, ACCOUNT_EXISTS, "an account with this email exists: "
                                + "sign in to it and link this provider (POST /api/v1/auth/oidc/{provider}/link)"))
                .thenReturn(new SignedIn(userId, account.provider(), Outcome.REGISTERED));
    }

    private static LinkOAuthProvider link(UUID userId, ProviderAccount account, Instant now) {
        return new LinkOAuthProvider(userId, account.provider(), account.subject(), account.accessToken(),
                account.refreshToken(), account.tokenExpiresAt(), now);
    }

    /** The provider's name for the account, else the email; cut to the column. */
    private static String displayName(ProviderAccount account) {
        String name = Optional.ofNullable(account.name()).filter(n -> !n.isBlank()).orElse(account.email()).strip();
        return name.length() <= User.MAX_NAME ? name : name.substring(0, User.MAX_NAME);
    }
}
