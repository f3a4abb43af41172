package io.darktower.gateway.auth;

import io.darktower.readmodel.RedisKeys;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The seed's token blacklist, {@code token:blacklist:{token_hash}} (value: the reason; TTL: until the token would have
 * expired), checked on every authenticated request in one round trip. A revoked sign-in session (logout, a reused
 * refresh token) is blacklisted the same way under the hash of {@code session:{id}}, so every access token of that
 * session is refused at once, not only the one presented.
 */
@Component
public class TokenRevocations {

    private final RedisReactiveCommands<String, String> redis;
    private final Clock clock = Clock.systemUTC();

    public TokenRevocations(RedisReactiveCommands<String, String> redis) {
        this.redis = redis;
    }

    /** Whether the token (by hash) or its session is revoked. */
    public Mono<Boolean> revoked(String tokenHash, UUID sessionId) {
        String[] keys = sessionId == null
                ? new String[] {RedisKeys.tokenBlacklist(tokenHash)}
                : new String[] {RedisKeys.tokenBlacklist(tokenHash), RedisKeys.tokenBlacklist(sessionHash(sessionId))};
        return redis.exists(keys).map(count -> count > 0);
    }

    /** Refuses the token from now until it expires. */
    public Mono<Void> revokeToken(String tokenHash, Instant expiresAt, String reason) {
        return blacklist(tokenHash, expiresAt, reason);
    }

    /** Refuses every access token of the session from now until the last one could expire. */
    public Mono<Void> revokeSession(UUID sessionId, Duration accessTokenTtl, String reason) {
        return blacklist(sessionHash(sessionId), clock.instant().plus(accessTokenTtl), reason);
    }

    private Mono<Void> blacklist(String hash, Instant until, String reason) {
        long seconds = Duration.between(clock.instant(), until).toSeconds() + 1;
        if (seconds <= 0) {
            return Mono.empty();
        }
        return redis.set(RedisKeys.tokenBlacklist(hash), reason, SetArgs.Builder.ex(seconds)).then();
    }

    private static String sessionHash(UUID sessionId) {
        return TokenHashes.sha256("session:" + sessionId);
    }
}
