package io.darktower.commands.user;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.darktower.crypto.Keyring;
import io.darktower.crypto.Sealed;
import io.darktower.events.user.LoginFailure;
import io.darktower.events.user.OAuthProviderLinked;
import io.darktower.events.user.OAuthProviderUnlinked;
import io.darktower.events.user.UserDeactivated;
import io.darktower.events.user.UserErased;
import io.darktower.events.user.UserLoggedIn;
import io.darktower.events.user.UserLoginFailed;
import io.darktower.events.user.UserPasswordChanged;
import io.darktower.events.user.UserProfileChanged;
import io.darktower.events.user.UserRegistered;
import io.darktower.events.user.UserSecrets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One user account: registered, its profile and password changed, provider accounts linked and unlinked, sign-ins
 * recorded (failed ones too: they are facts for the audit trail), deactivated. Decides only; the password hash and
 * the provider tokens it keeps are sealed as in its events, opened with the {@link Keyring} only to check a password
 * or compare tokens. {@link Passwords} and the {@link Keyring} are handed to the handlers by Axon (Spring beans).
 */
@Aggregate(snapshotTriggerDefinition = "userSnapshotTrigger")
@Revision("1")
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
public class User {

    /** Limits of the read model's columns, checked on the command records (see {@code validation.Text}). */
    public static final int MAX_EMAIL = 255;
    public static final int MAX_NAME = 255;
    public static final int MIN_PASSWORD = 8;
    /** Argon2 reads any length; this bounds the work a request can ask for. */
    public static final int MAX_PASSWORD = 128;
    public static final int MAX_METADATA = 16_384;
    public static final int MAX_PROVIDER = 50;
    public static final String PROVIDER_PATTERN = "[a-z0-9][a-z0-9_.-]*";
    public static final int MAX_PROVIDER_USER_ID = 255;
    public static final int MAX_TOKEN = 4_096;
    /** Lockout: this many wrong passwords within {@link #FAILURE_WINDOW} lock the account for {@link #LOCKOUT}. */
    public static final int MAX_FAILURES = 5;
    public static final Duration FAILURE_WINDOW = Duration.ofMinutes(15);
    public static final Duration LOCKOUT = Duration.ofMinutes(15);

    @AggregateIdentifier
    private UUID userId;
    private UserRegistered registered;
    private String displayName;
    private Map<String, Object> metadata = Map.of();
    private Sealed passwordHash;
    private boolean active;
    private final Map<String, OAuthProviderLinked> links = new HashMap<>();
    /** When the latest wrong passwords since the last sign-in were tried (at most {@link #MAX_FAILURES}). */
    private List<Instant> recentFailures = new ArrayList<>();
    /** Erased: its personal data is shredded and it takes no command any more. */
    private boolean erased;

    protected User() {
        // for event sourcing, and for registration (RegisterUser runs on a fresh instance)
    }

    /** Emails are compared and kept lower case. */
    public static String normalisedEmail(String email) {
        return email == null ? null : email.toLowerCase(Locale.ROOT);
    }

    /**
     * Opens the account, or, when it exists already, answers as the first time did: a retried request (same
     * idempotency key, so same user id) with the same details registers nothing.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public UserRegistered handle(RegisterUser command, Keyring keyring, Passwords passwords) {
        requireNotErased();
        if (registered != null) {
            boolean samePassword = command.password() == null
                    ? registered.passwordHash() == null
                    : registered.passwordHash() != null && passwords.matches(command.password(),
                            keyring.open(registered.passwordHash(), UserSecrets.passwordHash(userId)));
            if (!registered.email().equals(command.email()) || !registered.displayName().equals(command.displayName())
                    || !samePassword) {
                throw UserRejection.IDEMPOTENCY_KEY_REUSED.because(
                        "user " + userId + " was registered by an earlier request with other details");
            }
            return registered;
        }
        Sealed hash = command.password() == null ? null
                : keyring.seal(passwords.hash(command.password()), UserSecrets.passwordHash(command.userId()));
        apply(new UserRegistered(command.userId(), command.email(), command.displayName(), hash, command.requestedAt()));
        return registered;
    }

    @CommandHandler
    public void handle(ChangeUserProfile command) {
        requireActive();
        String newName = command.displayName() == null ? displayName : command.displayName();
        Map<String, Object> newMetadata = command.metadata() == null ? metadata : command.metadata();
        if (newName.equals(displayName) && newMetadata.equals(metadata)) {
            return;
        }
        apply(new UserProfileChanged(userId, newName, newMetadata, command.requestedAt()));
    }

    @CommandHandler
    public void handle(ChangePassword command, Keyring keyring, Passwords passwords) {
        requireActive();
        String current = keyring.openNullable(passwordHash, UserSecrets.passwordHash(userId));
        boolean proven = current == null ? command.oldPassword() == null : passwords.matches(command.oldPassword(), current);
        if (!proven) {
            throw UserRejection.WRONG_PASSWORD.because("the current password of user " + userId + " does not match");
        }
        if (current != null && passwords.matches(command.newPassword(), current)) {
            return; // the same password again
        }
        apply(new UserPasswordChanged(userId,
                keyring.seal(passwords.hash(command.newPassword()), UserSecrets.passwordHash(userId)), command.requestedAt()));
    }

    /**
     * Checks the password and records the outcome. A failure is not thrown: the refusal is a fact worth keeping, and
     * a thrown exception would roll its event back with the command. The password is checked before the account's
     * state, so who does not know it learns nothing about the account.
     */
    @CommandHandler
    public LoginOutcome handle(LogIn command, Keyring keyring, Passwords passwords) {
        requireNotErased();
        if (lockedAt(command.requestedAt())) {
            // refused, not recorded as a failed sign-in: the gateway puts the refusal on the audit trail
            throw UserRejection.ACCOUNT_LOCKED.because("user " + userId + " is locked after " + MAX_FAILURES
                    + " wrong passwords; try again later");
        }
        LoginFailure failure;
        if (passwordHash == null) {
            failure = LoginFailure.NO_PASSWORD;
        } else if (!passwords.matches(command.password(), keyring.open(passwordHash, UserSecrets.passwordHash(userId)))) {
            failure = LoginFailure.WRONG_PASSWORD;
        } else if (!active) {
            failure = LoginFailure.DEACTIVATED;
        } else {
            apply(new UserLoggedIn(userId, command.requestedAt()));
            return new LoginOutcome(userId, null);
        }
        apply(new UserLoginFailed(userId, failure, command.requestedAt()));
        return new LoginOutcome(userId, failure);
    }

    @CommandHandler
    public void handle(DeactivateUser command) {
        if (!active) {
            return;
        }
        apply(new UserDeactivated(userId, command.requestedAt()));
    }

    /**
     * Links a provider account, or refreshes its tokens. The same link with the same tokens again changes nothing; a
     * different account of the same provider replaces the old link (which is unlinked first, releasing it).
     */
    @CommandHandler
    public void handle(LinkOAuthProvider command, Keyring keyring) {
        requireActive();
        link(command, keyring);
    }

    /**
     * Opens the account of a provider account's first sign-in, linked to it, and records the sign-in (see
     * {@link RegisterWithProvider}). Ids of such accounts are random: an existing one is a bug, not a retry.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public LoginOutcome handle(RegisterWithProvider command, Keyring keyring) {
        requireNotErased();
        if (registered != null) {
            throw new IllegalStateException("user " + command.userId() + " exists already");
        }
        RegisterUser account = command.account();
        apply(new UserRegistered(account.userId(), account.email(), account.displayName(), null, account.requestedAt()));
        link(command.link(), keyring);
        apply(new UserLoggedIn(userId, account.requestedAt()));
        return new LoginOutcome(userId, null);
    }

    /**
     * Signs in through a linked provider account, keeping its fresh tokens. Like a password sign-in, a deactivated
     * account is a recorded failure; a provider account no longer linked (unlinked since it was looked up) is refused.
     */
    @CommandHandler
    public LoginOutcome handle(SignInWithProvider command, Keyring keyring) {
        requireNotErased();
        LinkOAuthProvider link = command.link();
        OAuthProviderLinked existing = links.get(link.provider());
        if (existing == null || !existing.providerUserId().equals(link.providerUserId())) {
            throw UserRejection.OAUTH_ACCOUNT_NOT_LINKED.because(
                    "this " + link.provider() + " account is not linked to user " + userId);
        }
        if (!active) {
            apply(new UserLoginFailed(userId, LoginFailure.DEACTIVATED, link.requestedAt()));
            return new LoginOutcome(userId, LoginFailure.DEACTIVATED);
        }
        link(link, keyring);
        apply(new UserLoggedIn(userId, link.requestedAt()));
        return new LoginOutcome(userId, null);
    }

    private void link(LinkOAuthProvider command, Keyring keyring) {
        String provider = command.provider();
        OAuthProviderLinked existing = links.get(provider);
        if (existing != null && existing.providerUserId().equals(command.providerUserId())
                && Objects.equals(existing.tokenExpiresAt(), command.tokenExpiresAt())
                && Objects.equals(keyring.openNullable(existing.accessToken(), UserSecrets.oauthAccessToken(userId, provider)),
                        command.accessToken())
                && Objects.equals(keyring.openNullable(existing.refreshToken(), UserSecrets.oauthRefreshToken(userId, provider)),
                        command.refreshToken())) {
            return;
        }
        if (existing != null && !existing.providerUserId().equals(command.providerUserId())) {
            apply(new OAuthProviderUnlinked(userId, provider, existing.providerUserId(), command.requestedAt()));
        }
        apply(new OAuthProviderLinked(userId, provider, command.providerUserId(),
                keyring.sealNullable(command.accessToken(), UserSecrets.oauthAccessToken(userId, provider)),
                keyring.sealNullable(command.refreshToken(), UserSecrets.oauthRefreshToken(userId, provider)),
                command.tokenExpiresAt(), command.requestedAt()));
    }

    @CommandHandler
    public void handle(UnlinkOAuthProvider command) {
        requireActive();
        OAuthProviderLinked existing = links.get(command.provider());
        if (existing == null) {
            return;
        }
        apply(new OAuthProviderUnlinked(userId, command.provider(), existing.providerUserId(), command.requestedAt()));
    }

    /** Locked: {@link #MAX_FAILURES} wrong passwords within the window, the last less than {@link #LOCKOUT} ago. */
    private boolean lockedAt(Instant at) {
        if (recentFailures.size() < MAX_FAILURES) {
            return false;
        }
        Instant first = recentFailures.get(recentFailures.size() - MAX_FAILURES);
        Instant last = recentFailures.getLast();
        return !last.isAfter(first.plus(FAILURE_WINDOW)) && at.isBefore(last.plus(LOCKOUT));
    }

    /**
     * Erases the account: {@link UserErased} deletes its subject key in the same transaction (crypto-shredding, see
     * {@code SubjectErasure}). Erasing it again changes nothing.
     */
    @CommandHandler
    public void handle(EraseUser command) {
        if (erased) {
            return;
        }
        apply(new UserErased(userId, command.requestedAt()));
    }

    private void requireNotErased() {
        if (erased) {
            throw UserRejection.USER_ERASED.because("user " + userId + " was erased");
        }
    }

    private void requireActive() {
        requireNotErased();
        if (!active) {
            throw UserRejection.USER_DEACTIVATED.because("user " + userId + " is deactivated");
        }
    }

    @EventSourcingHandler
    void on(UserRegistered event) {
        registered = event;
        userId = event.userId();
        displayName = event.displayName();
        passwordHash = event.passwordHash();
        active = true;
    }

    @EventSourcingHandler
    void on(UserProfileChanged event) {
        displayName = event.displayName();
        metadata = event.metadata();
    }

    @EventSourcingHandler
    void on(UserPasswordChanged event) {
        passwordHash = event.passwordHash();
    }

    @EventSourcingHandler
    void on(UserLoggedIn event) {
        recentFailures = new ArrayList<>();
    }

    @EventSourcingHandler
    void on(UserLoginFailed event) {
        if (event.reason() != LoginFailure.WRONG_PASSWORD) {
            return;
        }
        List<Instant> failures = new ArrayList<>(recentFailures);
        failures.add(event.failedAt());
        recentFailures = new ArrayList<>(failures.subList(Math.max(0, failures.size() - MAX_FAILURES), failures.size()));
    }

    @EventSourcingHandler
    void on(UserDeactivated event) {
        active = false;
    }

    @EventSourcingHandler
    void on(OAuthProviderLinked event) {
        links.put(event.provider(), event);
    }

    /** Nothing personal is kept (snapshots included): what remains is that the account existed. */
    @EventSourcingHandler
    void on(UserErased event) {
        erased = true;
        active = false;
        registered = null;
        displayName = null;
        metadata = Map.of();
        passwordHash = null;
        links.clear();
        recentFailures = new ArrayList<>();
    }

    @EventSourcingHandler
    void on(OAuthProviderUnlinked event) {
        links.remove(event.provider());
    }
}
