package io.darktower.gateway.user;

import io.darktower.commands.user.ChangePassword;
import io.darktower.commands.user.ChangeUserProfile;
import io.darktower.commands.user.DeactivateUser;
import io.darktower.commands.user.LinkOAuthProvider;
import io.darktower.commands.user.LogIn;
import io.darktower.commands.user.LoginOutcome;
import io.darktower.commands.user.Passwords;
import io.darktower.commands.user.RegisterUser;
import io.darktower.commands.user.UnlinkOAuthProvider;
import io.darktower.errors.ErrorCode;
import io.darktower.events.user.LoginFailure;
import io.darktower.events.user.UserRegistered;
import io.darktower.gateway.api.ApiException;
import io.darktower.gateway.api.Callers;
import io.darktower.gateway.api.CommandDispatcher;
import io.darktower.gateway.api.IdempotencyKeys;
import io.darktower.gateway.api.RequestContext;
import io.darktower.gateway.user.UserRequests.LoginBody;
import io.darktower.gateway.user.UserRequests.OAuthLinkBody;
import io.darktower.gateway.user.UserRequests.PasswordBody;
import io.darktower.gateway.user.UserRequests.ProfileBody;
import io.darktower.gateway.user.UserRequests.RegisterBody;
import io.darktower.queries.user.UserQueries;
import io.darktower.queries.user.UserView;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.axonframework.messaging.interceptors.JSR303ViolationException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Users over HTTP. A caller changes and reads only their own account ({@link Callers#requireSelf}); registering and
 * signing in need no caller. Sign-in looks the email up in the read model, then lets the account check the password.
 */
@RestController
@RequestMapping(path = "/api/v1/users", produces = MediaType.APPLICATION_JSON_VALUE)
public class UserController {

    /** The reason of every refused sign-in that is not a deactivated account: the same for unknown emails. */
    static final String INVALID_CREDENTIALS = "INVALID_CREDENTIALS";
    public static final String USER_DEACTIVATED = "USER_DEACTIVATED";

    private final CommandDispatcher commands;
    private final UserQueries queries;
    private final Passwords passwords;
    private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();
    // PostgreSQL keeps microseconds: the time in a command is the time every read model shows
    private final Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));

    public UserController(CommandDispatcher commands, UserQueries queries, Passwords passwords) {
        this.commands = commands;
        this.queries = queries;
        this.passwords = passwords;
    }

    public record RegisteredUser(UUID userId, String email, String displayName, boolean hasPassword, Instant createdAt) {
    }

    public record LoggedIn(UUID userId, Instant loggedInAt) {
    }

    /** With an {@code Idempotency-Key}, a retried registration answers with the same user and registers nothing. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<RegisteredUser>> register(@RequestBody Mono<RegisterBody> body, ServerWebExchange exchange) {
        RequestContext context = RequestContext.of(exchange);
        UUID userId = IdempotencyKeys.idFor(exchange, "register-user");
        return required(body).flatMap(request -> commands.<UserRegistered>send(
                        new RegisterUser(userId, request.email(), request.displayName(), request.password(), clock.instant()), context)
                .map(registered -> ResponseEntity.created(URI.create("/api/v1/users/" + userId))
                        .body(new RegisteredUser(userId, registered.email(), registered.displayName(),
                                registered.passwordHash() != null, registered.registeredAt()))));
    }

    @GetMapping("/{userId}")
    public Mono<UserView> get(@PathVariable String userId, ServerWebExchange exchange) {
        UUID id = Callers.self(userId, exchange);
        return queries.findUser(id).switchIfEmpty(Mono.error(() -> ApiException.notFound("no user " + id)));
    }

    @PatchMapping(path = "/{userId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Void>> changeProfile(@PathVariable String userId, @RequestBody Mono<ProfileBody> body,
                                                    ServerWebExchange exchange) {
        UUID id = Callers.self(userId, exchange);
        return required(body).flatMap(request -> send(new ChangeUserProfile(id, request.displayName(), request.metadata(),
                clock.instant()), id, exchange));
    }

    @PostMapping(path = "/{userId}/password", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Void>> changePassword(@PathVariable String userId, @RequestBody Mono<PasswordBody> body,
                                                     ServerWebExchange exchange) {
        UUID id = Callers.self(userId, exchange);
        return required(body).flatMap(request -> send(new ChangePassword(id, request.oldPassword(), request.newPassword(),
                clock.instant()), id, exchange));
    }

    @PostMapping(path = "/{userId}/deactivate")
    public Mono<ResponseEntity<Void>> deactivate(@PathVariable String userId, ServerWebExchange exchange) {
        UUID id = Callers.self(userId, exchange);
        return send(new DeactivateUser(id, clock.instant()), id, exchange);
    }

    @PutMapping(path = "/{userId}/oauth/{provider}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Void>> linkProvider(@PathVariable String userId, @PathVariable String provider,
                                                   @RequestBody Mono<OAuthLinkBody> body, ServerWebExchange exchange) {
        UUID id = Callers.self(userId, exchange);
        return required(body).flatMap(request -> send(new LinkOAuthProvider(id, provider, request.providerUserId(),
                request.accessToken(), request.refreshToken(), request.tokenExpiresAt(), clock.instant()), id, exchange));
    }

    @DeleteMapping(path = "/{userId}/oauth/{provider}")
    public Mono<ResponseEntity<Void>> unlinkProvider(@PathVariable String userId, @PathVariable String provider,
                                                     ServerWebExchange exchange) {
        UUID id = Callers.self(userId, exchange);
        return send(new UnlinkOAuthProvider(id, provider, clock.instant()), id, exchange);
    }

    /**
     * Signs in: 200 with the user id, or 401 {@code INVALID_CREDENTIALS} alike for an unknown email, a wrong password
     * and an account without password (an unknown email costs one hash check too, so timing does not tell them
     * apart); 403 {@code USER_DEACTIVATED} only to who knows the password. Issuing a session token is the
     * authentication issue's; this proves the password and records the sign-in.
     */
    @PostMapping(path = "/login", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<LoggedIn> login(@RequestBody Mono<LoginBody> body, ServerWebExchange exchange) {
        RequestContext context = RequestContext.of(exchange);
        return required(body).map(this::checked).flatMap(request -> queries.findUserIdByEmail(request.email())
                .flatMap(userId -> {
                    Instant now = clock.instant();
                    return commands.<LoginOutcome>send(new LogIn(userId, request.password(), now), context)
                            .map(outcome -> answer(outcome, now));
                })
                .switchIfEmpty(Mono.fromCallable(() -> passwords.matchesNothing(request.password()))
                        .subscribeOn(Schedulers.boundedElastic())
                        .then(Mono.error(UserController::invalidCredentials))));
    }

    private static LoggedIn answer(LoginOutcome outcome, Instant at) {
        if (outcome.succeeded()) {
            return new LoggedIn(outcome.userId(), at);
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


    private Mono<ResponseEntity<Void>> send(Object command, UUID userId, ServerWebExchange exchange) {
        return commands.send(command, RequestContext.of(exchange))
                .onErrorMap(AggregateNotFoundException.class, e -> ApiException.notFound("no user " + userId))
                .then(Mono.fromSupplier(() -> ResponseEntity.noContent().build()));
    }

    private static <T> Mono<T> required(Mono<T> body) {
        return body.switchIfEmpty(Mono.error(() -> ApiException.invalid("a JSON body is required")));
    }
}
