package io.darktower.gateway.user;

import io.darktower.commands.claims.ClaimOwners;
import io.darktower.commands.user.LogIn;
import io.darktower.commands.user.LoginOutcome;
import io.darktower.commands.user.Passwords;
import io.darktower.commands.user.User;
import io.darktower.commands.user.UserRules;
import io.darktower.errors.ErrorCode;
import io.darktower.events.user.LoginFailure;
import io.darktower.gateway.api.ApiException;
import io.darktower.gateway.api.CommandDispatcher;
import io.darktower.gateway.api.RequestContext;
import io.darktower.gateway.user.UserRequests.LoginBody;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.axonframework.messaging.interceptors.JSR303ViolationException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Proves a password: looks the email up on the write side (its claim, {@link ClaimOwners}), then lets the account check the
 * password and record the sign-in ({@code UserLoggedIn} / {@code UserLoginFailed}); an account locked after repeated
 * failures refuses ({@code ACCOUNT_LOCKED}, on the audit trail). Answers the user id, or 401 {@code INVALID_CREDENTIALS}
 * alike for an unknown email, a wrong password and an account without password (an unknown email costs one hash check
 * too, so timing does not tell them apart); 403 {@code USER_DEACTIVATED} only to who knows the password. Used by the
 * sign-in endpoint and the token endpoint's password grant.
 */
@Component
public class PasswordLogin {

    static final String INVALID_CREDENTIALS = "INVALID_CREDENTIALS";
    static final String USER_DEACTIVATED = "USER_DEACTIVATED";

    private final CommandDispatcher commands;
    private final ClaimOwners claims;
    private final Passwords passwords;
    private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();
    // PostgreSQL keeps microseconds: the time in a command is the time every read model shows
    private final Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));

    public PasswordLogin(CommandDispatcher commands, ClaimOwners claims, Passwords passwords) {
        this.commands = commands;
        this.claims = claims;
        this.passwords = passwords;
    }

    /** The user whose password this is, with the sign-in recorded. */
    public Mono<UUID> logIn(String email, String password, RequestContext context) {
        LoginBody request = checked(new LoginBody(email, password));
        return Mono.fromCallable(() -> claims.ownerOf(UserRules.EMAIL, User.normalisedEmail(request.email()))
                        .map(UUID::fromString))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(owner -> owner.map(userId -> {
                    Instant now = clock.instant();
                    return commands.<LoginOutcome>send(new LogIn(userId, request.password(), now), context)
                            .map(PasswordLogin::userOf);
                }).orElseGet(() -> Mono.fromCallable(() -> passwords.matchesNothing(request.password()))
                        .subscribeOn(Schedulers.boundedElastic())
                        .then(Mono.error(PasswordLogin::invalidCredentials))));
    }

    private static UUID userOf(LoginOutcome outcome) {
        if (outcome.succeeded()) {
            return outcome.userId();
        }
        if (outcome.failure() == LoginFailure.DEACTIVATED) {
            throw new ApiException(ErrorCode.FORBIDDEN, USER_DEACTIVATED, "this account is deactivated");
        }
        throw invalidCredentials();
    }

    private static ApiException invalidCredentials() {
        return new ApiException(ErrorCode.UNAUTHORIZED, INVALID_CREDENTIALS, "unknown email or wrong password");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private LoginBody checked(LoginBody body) {
        Set<ConstraintViolation<LoginBody>> violations = validator.validate(body);
        if (!violations.isEmpty()) {
            throw new JSR303ViolationException((Set) violations); // reported as 400 naming the fields, as for commands
        }
        return body;
    }
}
