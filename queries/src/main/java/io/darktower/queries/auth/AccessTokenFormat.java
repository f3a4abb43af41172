package io.darktower.queries.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The shape of the platform's tokens, in one place for who signs them (the gateway) and who checks them without the
 * gateway's keys' private halves (the media node, which admits a participant with the join token): compact JWTs,
 * ES256, type {@code at+jwt}, with {@code kind}, {@code scope}, {@code uid}, {@code sid}, {@code mid}, {@code pid}.
 * Where the keys come from is the caller's business: the gateway's database, or its JWKS.
 */
public final class AccessTokenFormat {

    public static final String TYPE = "at+jwt";
    public static final String KIND = "kind";
    public static final String SCOPE = "scope";
    public static final String USER = "uid";
    public static final String SESSION = "sid";
    public static final String MEETING = "mid";
    public static final String PARTICIPANT = "pid";
    /** {@code kind} of a join token: one participant of one meeting. */
    public static final String PARTICIPANT_KIND = "participant";

    private AccessTokenFormat() {
    }

    /** What a token says; {@code kind} is the lower-case caller kind. */
    public record Claims(String kind, String subject, UUID userId, Set<String> scopes, UUID sessionId, UUID meetingId,
                         UUID participantId) {
    }

    /** A token whose signature, issuer and expiry were checked. */
    public record Verified(Claims claims, Instant expiresAt) {
    }

    /** Signs {@code claims} with {@code key}, issued at {@code now}, expiring at {@code expires}. */
    public static String sign(ECKey key, String issuer, Claims claims, Instant now, Instant expires) {
        JWTClaimsSet.Builder set = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(claims.subject())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString())
                .claim(KIND, claims.kind())
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
        return jwt.serialize();
    }

    /** The parsed token, for its key id; fails with {@link Invalid} when it is not a JWT. */
    public static SignedJWT parse(String token) {
        try {
            return SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw new Invalid("malformed token");
        }
    }

    /**
     * Checks the token's shape, its signature by the key {@code keys} gives for its key id, its issuer and expiry.
     * Fails with {@link Invalid}; revocation is the caller's business.
     */
    public static Verified verify(SignedJWT jwt, Function<String, Optional<ECKey>> keys, String issuer, Instant now) {
        if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())
                || !new JOSEObjectType(TYPE).equals(jwt.getHeader().getType())) {
            throw new Invalid("not a token of this platform");
        }
        ECKey key = keys.apply(jwt.getHeader().getKeyID()).orElseThrow(() -> new Invalid("signed with an unknown key"));
        try {
            if (!jwt.verify(new ECDSAVerifier(key.toECPublicKey()))) {
                throw new Invalid("bad signature");
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (claims.getExpirationTime() == null || !claims.getExpirationTime().toInstant().isAfter(now)) {
                throw new Invalid("token expired");
            }
            if (!issuer.equals(claims.getIssuer())) {
                throw new Invalid("not a token of this platform");
            }
            String scope = claims.getStringClaim(SCOPE);
            Set<String> scopes = scope == null || scope.isBlank() ? Set.of() : new HashSet<>(Arrays.asList(scope.split(" ")));
            String kind = claims.getStringClaim(KIND);
            if (kind == null) {
                throw new Invalid("malformed token");
            }
            return new Verified(new Claims(kind, claims.getSubject(), uuid(claims, USER), scopes, uuid(claims, SESSION),
                    uuid(claims, MEETING), uuid(claims, PARTICIPANT)), claims.getExpirationTime().toInstant());
        } catch (JOSEException | ParseException | IllegalArgumentException | NullPointerException e) {
            throw new Invalid("malformed token");
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

    /** A token that is malformed, forged, expired or not ours. */
    public static final class Invalid extends RuntimeException {
        public Invalid(String message) {
            super(message, null, false, false);
        }
    }
}
