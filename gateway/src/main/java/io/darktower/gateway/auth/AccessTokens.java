package io.darktower.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.darktower.gateway.api.Caller;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Signs and checks the gateway's tokens: compact JWTs signed with ES256 by {@link SigningKeys}. Every kind of caller
 * (user, API key, guest, participant, service) gets the same token shape; the {@code kind} claim says which, and
 * {@code scope}, {@code uid}, {@code sid}, {@code mid}, {@code pid} what it may do and for whom.
 */
@Component
public class AccessTokens {

    static final String TYPE = "at+jwt";
    static final String KIND = "kind";
    static final String SCOPE = "scope";
    static final String USER = "uid";
    static final String SESSION = "sid";
    static final String MEETING = "mid";
    static final String PARTICIPANT = "pid";

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
        JWTClaimsSet.Builder set = new JWTClaimsSet.Builder()
                .issuer(properties.issuer())
                .subject(claims.subject())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString())
                .claim(KIND, claims.kind().name().toLowerCase(Locale.ROOT))
                .claim(SCOPE, String.join(" ", claims.scopes().stream().sorted().toList()));
        putIfPresent(set, USER, claims.userId());
        putIfPresent(set, SESSION, claims.sessionId());
        putIfPresent(set, MEETING, claims.meetingId());
        putIfPresent(set, PARTICIPANT, claims.participantId());
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                .type(new JOSEObjectType(TYPE)).build(), set.build());
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        // PostgreSQL and the clients keep seconds: the answer's expiry is the token's
        return new Signed(jwt.serialize(), Instant.ofEpochSecond(expires.getEpochSecond()));
    }

    /**
     * Checks a presented token: its shape, its signature by a key this platform holds (one another instance just
     * made is looked up), its issuer and expiry. Fails with {@link InvalidToken}; revocation is checked by the caller
     * of this method ({@link TokenRevocations}).
     */
    public Mono<Verified> verify(String token) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            return Mono.error(new InvalidToken("malformed token"));
        }
        String keyId = jwt.getHeader().getKeyID();
        if (keys.worthLookingUp(keyId)) {
            return Mono.fromCallable(() -> keys.lookUp(keyId)).subscribeOn(Schedulers.boundedElastic())
                    .then(Mono.fromCallable(() -> check(jwt, token)));
        }
        return Mono.fromCallable(() -> check(jwt, token));
    }

    private Verified check(SignedJWT jwt, String token) {
        if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())
                || !new JOSEObjectType(TYPE).equals(jwt.getHeader().getType())) {
            throw new InvalidToken("not a token of this platform");
        }
        ECKey key = keys.verifying(jwt.getHeader().getKeyID())
                .orElseThrow(() -> new InvalidToken("signed with an unknown key"));
        try {
            if (!jwt.verify(new ECDSAVerifier(key.toECPublicKey()))) {
                throw new InvalidToken("bad signature");
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Instant now = clock.instant();
            if (claims.getExpirationTime() == null || !claims.getExpirationTime().toInstant().isAfter(now)) {
                throw new InvalidToken("token expired");
            }
            if (!properties.issuer().equals(claims.getIssuer())) {
                throw new InvalidToken("not a token of this platform");
            }
            Caller.Kind kind = Caller.Kind.valueOf(claims.getStringClaim(KIND).toUpperCase(Locale.ROOT));
            UUID userId = uuid(claims, USER);
            String scope = claims.getStringClaim(SCOPE);
            Set<String> scopes = scope == null || scope.isBlank() ? Set.of() : new HashSet<>(Arrays.asList(scope.split(" ")));
            boolean admin = kind == Caller.Kind.USER && userId != null && properties.admins().contains(userId);
            Caller caller = new Caller(kind, userId, claims.getSubject(), scopes, admin, uuid(claims, MEETING),
                    uuid(claims, PARTICIPANT));
            return new Verified(caller, TokenHashes.sha256(token), uuid(claims, SESSION),
                    claims.getExpirationTime().toInstant());
        } catch (JOSEException | ParseException | IllegalArgumentException | NullPointerException e) {
            throw new InvalidToken("malformed token");
        }
    }

    private static UUID uuid(JWTClaimsSet claims, String name) throws ParseException {
        String value = claims.getStringClaim(name);
        return value == null ? null : UUID.fromString(value);
    }

    private static void putIfPresent(JWTClaimsSet.Builder set, String name, UUID value) {
        if (value != null) {
            set.claim(name, value.toString());
        }
    }

    /** A token that is malformed, forged, expired or not ours: the answer is 401 with {@code invalid_token}. */
    public static final class InvalidToken extends RuntimeException {
        public InvalidToken(String message) {
            super(message, null, false, false);
        }
    }
}
