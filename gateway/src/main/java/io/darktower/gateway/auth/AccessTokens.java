package io.darktower.gateway.auth;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import io.darktower.gateway.api.Caller;
import io.darktower.queries.auth.AccessTokenFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Signs and checks the gateway's tokens: compact JWTs signed with ES256 by {@link SigningKeys}, in the shape of
 * {@link AccessTokenFormat} (shared with the media node, which checks join tokens against the JWKS). Every kind of caller
 * (user, API key, guest, participant, service) gets the same token shape; the {@code kind} claim says which, and
 * {@code scope}, {@code uid}, {@code sid}, {@code mid}, {@code pid} what it may do and for whom.
 */
@Component
public class AccessTokens {

    private final SigningKeys keys;
    private final AuthProperties properties;
    private final Clock clock = Clock.systemUTC();

    public AccessTokens(SigningKeys keys, AuthProperties properties) {
        this.keys = keys;
        this.properties = properties;
    }

    /** What a token says, and when it expires. {@code sessionId}: the refresh family of a signed-in user's token. */
    public record Claims(Caller.Kind kind, String subject, UUID userId, Set<String> scopes, UUID sessionId,
                         UUID meetingId, UUID participantId) {
    }

    /** A signed token and when it expires. */
    public record Signed(String value, Instant expiresAt) {
    }

    /** A verified token: the caller it names, its hash (the blacklist's key), its session and expiry. */
    public record Verified(Caller caller, String tokenHash, UUID sessionId, Instant expiresAt) {
    }

    /** Signs {@code claims} for {@code ttl} (blocking: the signing key may be read from the database). */
    public Signed sign(Claims claims, Duration ttl) {
        ECKey key = keys.active();
        Instant now = clock.instant();
        Instant expires = now.plus(ttl);
        String value = AccessTokenFormat.sign(key, properties.issuer(), new AccessTokenFormat.Claims(
                claims.kind().name().toLowerCase(Locale.ROOT), claims.subject(), claims.userId(), claims.scopes(),
                claims.sessionId(), claims.meetingId(), claims.participantId()), now, expires);
        // PostgreSQL and the clients keep seconds: the answer's expiry is the token's
        return new Signed(value, Instant.ofEpochSecond(expires.getEpochSecond()));
    }

    /**
     * Checks a presented token: its shape, its signature by a key this platform holds (one another instance just
     * made is looked up), its issuer and expiry. Fails with {@link InvalidToken}; revocation is checked by the caller
     * of this method ({@link TokenRevocations}).
     */
    public Mono<Verified> verify(String token) {
        SignedJWT jwt;
        try {
            jwt = AccessTokenFormat.parse(token);
        } catch (AccessTokenFormat.Invalid e) {
            return Mono.error(new InvalidToken(e.getMessage()));
        }
        String keyId = jwt.getHeader().getKeyID();
        if (keys.worthLookingUp(keyId)) {
            return Mono.fromCallable(() -> keys.lookUp(keyId)).subscribeOn(Schedulers.boundedElastic())
                    .then(Mono.fromCallable(() -> check(jwt, token)));
        }
        return Mono.fromCallable(() -> check(jwt, token));
    }

    private Verified check(SignedJWT jwt, String token) {
        AccessTokenFormat.Verified verified;
        try {
            verified = AccessTokenFormat.verify(jwt, keys::verifying, properties.issuer(), clock.instant());
        } catch (AccessTokenFormat.Invalid e) {
            throw new InvalidToken(e.getMessage());
        }
        AccessTokenFormat.Claims claims = verified.claims();
        Caller.Kind kind;
        try {
            kind = Caller.Kind.valueOf(claims.kind().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidToken("malformed token");
        }
        UUID userId = claims.userId();
        boolean admin = kind == Caller.Kind.USER && userId != null && properties.admins().contains(userId);
        Caller caller = new Caller(kind, userId, claims.subject(), claims.scopes(), admin, claims.meetingId(),
                claims.participantId());
        return new Verified(caller, TokenHashes.sha256(token), claims.sessionId(), verified.expiresAt());
    }

    /** A token that is malformed, forged, expired or not ours: the answer is 401 with {@code invalid_token}. */
    public static final class InvalidToken extends RuntimeException {
        public InvalidToken(String message) {
            super(message, null, false, false);
        }
    }
}
