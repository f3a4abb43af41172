package io.darktower.gateway.apikey;

import io.darktower.commands.apikey.IssueApiKey;
import io.darktower.commands.apikey.IssuedApiKey;
import io.darktower.commands.apikey.RevokeApiKey;
import io.darktower.errors.ErrorCode;
import io.darktower.events.apikey.ApiKeyIssued;
import io.darktower.events.apikey.ApiKeyScope;
import io.darktower.gateway.api.ApiException;
import io.darktower.gateway.api.Callers;
import io.darktower.gateway.api.PathIds;
import io.darktower.gateway.api.CommandDispatcher;
import io.darktower.gateway.api.IdempotencyKeys;
import io.darktower.gateway.api.RequestContext;
import io.darktower.gateway.auth.AuthProperties;
import io.darktower.gateway.auth.TokenRevocations;
import io.darktower.queries.apikey.ApiKeyQueries;
import io.darktower.queries.apikey.ApiKeyView;
import io.darktower.queries.user.UserQueries;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * API keys over HTTP: a user issues, lists and revokes their own keys; a key authenticates with
 * {@code Authorization: Bearer dtk_…}.
 *
 * <p>A retried issue (same {@code Idempotency-Key}) answers {@code 200} with the key as first issued and without a
 * secret: the secret exists only in the first answer (the write side holds just its hash), and deriving it again from
 * the idempotency key would make every key a function of a server secret and a client-chosen value. A client that
 * lost the first answer revokes the key and issues another.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
public class ApiKeyController {

    static final String INVALID_API_KEY = "INVALID_API_KEY";

    private final CommandDispatcher commands;
    private final ApiKeyQueries keys;
    private final UserQueries users;
    private final ApiKeyAuthentication authentication;
    private final TokenRevocations revocations;
    private final AuthProperties auth;
    private final Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));

    public ApiKeyController(CommandDispatcher commands, ApiKeyQueries keys, UserQueries users,
                            ApiKeyAuthentication authentication, TokenRevocations revocations, AuthProperties auth) {
        this.commands = commands;
        this.keys = keys;
        this.users = users;
        this.authentication = authentication;
        this.revocations = revocations;
        this.auth = auth;
    }

    record IssueBody(String name, List<String> scopes, Instant expiresAt) {
    }

    /** The key as issued; {@code secret} only in the first answer, null on a retry. */
    public record IssuedKey(UUID keyId, UUID userId, String name, String keyPrefix, List<ApiKeyScope> scopes,
                            Instant expiresAt, Instant createdAt, String secret) {
    }

    /** What a key authenticates as. */
    public record KeyIdentity(UUID keyId, UUID userId, String name, List<String> scopes, Instant expiresAt) {
    }

    @ApiResponse(responseCode = "201", description = "Created; Location names it")
    @ApiResponse(responseCode = "200", description = "A retry with the same Idempotency-Key: the key, without its secret")
    @PostMapping(path = "/users/{userId}/api-keys", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<IssuedKey>> issue(@PathVariable String userId, @RequestBody Mono<IssueBody> body,
                                                 ServerWebExchange exchange) {
        UUID user = Callers.self(userId, exchange);
        RequestContext context = RequestContext.of(exchange);
        UUID keyId = IdempotencyKeys.idFor(exchange, "issue-api-key:" + user);
        String secret = ApiKeySecrets.newSecret();
        return body.switchIfEmpty(Mono.error(() -> ApiException.invalid("a JSON body is required")))
                .flatMap(request -> {
                    List<ApiKeyScope> scopes = scopes(request.scopes());
                    return users.isActive(user)
                            .filter(Boolean::booleanValue)
                            .switchIfEmpty(Mono.error(() -> ApiException.notFound("no active user " + user)))
                            .then(commands.<IssuedApiKey>send(new IssueApiKey(keyId, user, request.name(), scopes,
                                    ApiKeySecrets.hash(secret), ApiKeySecrets.prefix(secret), request.expiresAt(),
                                    clock.instant()), context));
                })
                .map(outcome -> {
                    ApiKeyIssued key = outcome.key();
                    IssuedKey answer = new IssuedKey(key.keyId(), key.userId(), key.name(), key.keyPrefix(), key.scopes(),
                            key.expiresAt(), key.issuedAt(), outcome.issuedNow() ? secret : null);
                    return outcome.issuedNow()
                            ? ResponseEntity.created(URI.create("/api/v1/users/" + user + "/api-keys/" + keyId)).body(answer)
                            : ResponseEntity.ok(answer);
                });
    }

    @GetMapping("/users/{userId}/api-keys")
    public Flux<ApiKeyView> list(@PathVariable String userId, ServerWebExchange exchange) {
        return keys.keysOf(Callers.self(userId, exchange));
    }

    @DeleteMapping("/users/{userId}/api-keys/{keyId}")
    public Mono<ResponseEntity<Void>> revoke(@PathVariable String userId, @PathVariable String keyId,
                                             ServerWebExchange exchange) {
        UUID user = Callers.self(userId, exchange);
        UUID key = PathIds.uuid(keyId, "key id");
        return commands.send(new RevokeApiKey(key, user, clock.instant()), RequestContext.of(exchange))
                .onErrorMap(AggregateNotFoundException.class, e -> ApiException.notFound("user " + user + " has no API key " + key))
                // the access tokens the key was exchanged for (client credentials) stop with it, not an hour later
                .then(revocations.revokeSession(key, auth.accessTokenTtl(), "api key revoked"))
                .then(Mono.fromSupplier(() -> ResponseEntity.noContent().build()));
    }

    /**
     * Who the presented key is: 401 {@code INVALID_API_KEY} when it is unknown, revoked, expired or its user is
     * deactivated (alike, so a caller learns nothing about keys they do not hold). Records the use.
     */
    @GetMapping("/api-keys/self")
    public Mono<KeyIdentity> whoAmI(ServerWebExchange exchange) {
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        String secret = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
        return authentication.find(secret)
                .switchIfEmpty(Mono.error(ApiKeyController::invalidKey))
                .map(key -> new KeyIdentity(key.keyId(), key.userId(), key.name(), key.scopes(), key.expiresAt()));
    }

    private static ApiException invalidKey() {
        return new ApiException(ErrorCode.UNAUTHORIZED, INVALID_API_KEY, "unknown, revoked or expired API key");
    }

    private static List<ApiKeyScope> scopes(List<String> requested) {
        if (requested == null) {
            return null; // the command's constraint names the field
        }
        return requested.stream().map(scope -> ApiKeyScope.find(scope).orElseThrow(() -> ApiException.invalid(
                "unknown scope; known scopes: " + Arrays.stream(ApiKeyScope.values()).map(ApiKeyScope::wire).toList())))
                .toList();
    }

}
