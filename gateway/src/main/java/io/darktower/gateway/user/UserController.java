package io.darktower.gateway.user;

import io.darktower.commands.user.ChangePassword;
import io.darktower.commands.user.ChangeUserProfile;
import io.darktower.commands.user.DeactivateUser;
import io.darktower.commands.user.EraseUser;
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
import io.darktower.gateway.api.PathIds;
import io.darktower.gateway.api.RequestContext;
import io.darktower.gateway.auth.SessionTokens;
import io.darktower.gateway.user.UserRequests.LoginBody;
import io.darktower.gateway.user.UserRequests.OAuthLinkBody;
import io.darktower.gateway.user.UserRequests.PasswordBody;
import io.darktower.gateway.user.UserRequests.ProfileBody;
import io.darktower.gateway.user.UserRequests.RegisterBody;
import io.darktower.queries.user.UserQueries;
import io.darktower.queries.user.UserView;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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
 * signing in need no caller. Sign-in is {@link PasswordLogin}'s.
 */
@RestController
@RequestMapping(path = "/api/v1/users", produces = MediaType.APPLICATION_JSON_VALUE)
public class UserController {

    private final CommandDispatcher commands;
    private final UserQueries queries;
    private final PasswordLogin login;
    private final SessionTokens sessions;
    // PostgreSQL keeps microseconds: the time in a command is the time every read model shows
    private final Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));

    public UserController(CommandDispatcher commands, UserQueries queries, PasswordLogin login, SessionTokens sessions) {
        this.commands = commands;
        this.queries = queries;
        this.login = login;
        this.sessions = sessions;
    }

    public record RegisteredUser(UUID userId, String email, String displayName, boolean hasPassword, Instant createdAt) {
    }

    public record LoggedIn(UUID userId, Instant loggedInAt) {
    }

    /** With an {@code Idempotency-Key}, a retried registration answers with the same user and registers nothing. */
    @ApiResponse(responseCode = "201", description = "Created; Location names it")
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
        // every session ends with the old password, this one too: the user signs in again with the new one
        return required(body).flatMap(request -> send(new ChangePassword(id, request.oldPassword(), request.newPassword(),
                clock.instant()), id, exchange))
                .flatMap(answer -> sessions.endSessionsAfterPasswordChange(id).thenReturn(answer));
    }

    @PostMapping(path = "/{userId}/deactivate")
    public Mono<ResponseEntity<Void>> deactivate(@PathVariable String userId, ServerWebExchange exchange) {
        UUID id = Callers.self(userId, exchange);
        // a deactivated account's sessions end with it, not when their tokens expire
        return send(new DeactivateUser(id, clock.instant()), id, exchange)
                .flatMap(answer -> sessions.endSessionsOfDeactivated(id).thenReturn(answer));
    }

    /**
     * Erases a user's personal data (GDPR; administrators only, see SecurityConfiguration): their subject key is
     * deleted with the {@code UserErased} event, so their email, names and addresses read as erased in every event,
     * and the read models anonymise them; their sessions end and the gateway forgets them. 204; again: 204, nothing
     * more happens.
     */
    @PostMapping(path = "/{userId}/erase")
    public Mono<ResponseEntity<Void>> erase(@PathVariable String userId, ServerWebExchange exchange) {
        UUID id = PathIds.uuid(userId, "user id");
        return send(new EraseUser(id, clock.instant()), id, exchange)
                .flatMap(answer -> sessions.forgetSessionsOfErased(id).thenReturn(answer));
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
     * Signs in ({@link PasswordLogin}): 200 with the user id; tokens come from {@code POST /api/v1/auth/token}
     * (grant_type=password), which signs in the same way and answers them.
     */
    @PostMapping(path = "/login", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<LoggedIn> login(@RequestBody Mono<LoginBody> body, ServerWebExchange exchange) {
        RequestContext context = RequestContext.of(exchange);
        return required(body).flatMap(request -> {
            Instant at = clock.instant();
            return login.logIn(request.email(), request.password(), context).map(userId -> new LoggedIn(userId, at));
        });
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
