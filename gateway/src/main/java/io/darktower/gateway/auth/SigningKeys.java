package io.darktower.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.darktower.crypto.Keyring;
import io.darktower.crypto.Sealed;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ES256 keys that sign every token this gateway issues, kept in {@code gateway.signing_keys} so a restart and every
 * other gateway instance sign and verify with the same keys. The newest unretired key signs; a rotation adds a new key
 * and retires the previous one, which keeps verifying until the longest-lived token it could have signed expired.
 * Private keys are sealed with the platform's keyring.
 *
 * <p>Keys are cached; the cache is read again when it is a minute old (at the next issuance), and when a token names a
 * key this instance does not know yet (another instance rotated).
 */
@Component
public class SigningKeys {

    private static final Duration REFRESH = Duration.ofMinutes(1);
    private static final java.util.regex.Pattern KEY_ID = java.util.regex.Pattern.compile("[0-9a-f-]{36}");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Keyring keyring;
    private final AuthProperties properties;
    private final Clock clock;
    private volatile Keys keys;

    /** The loaded keys: the one that signs, and every one that verifies, by key id. */
    private record Keys(ECKey active, Instant activeSince, Map<String, ECKey> verifying, Instant loadedAt) {
    }

    public SigningKeys(JdbcTemplate jdbc, TransactionTemplate transactions, Keyring keyring, AuthProperties properties,
                       GatewaySchema.Migrated migrated) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.keyring = keyring;
        this.properties = properties;
        this.clock = Clock.systemUTC();
        this.keys = load();
    }

    /** The key that signs now (blocking: call off the event loop). Rotates first when the active key is due. */
    public ECKey active() {
        Keys current = keys;
        Instant now = clock.instant();
        if (current.loadedAt().plus(REFRESH).isBefore(now)) {
            current = reload();
        }
        if (current.activeSince().plus(properties.signingKeyRotation()).isBefore(now)) {
            current = rotateIfDue();
        }
        return current.active();
    }

    /** The key that verifies a token naming {@code keyId}, if this instance knows it (in memory only). */
    public Optional<ECKey> verifying(String keyId) {
        return Optional.ofNullable(keys.verifying().get(keyId));
    }

    /** Whether {@code keyId} may be a key another instance made since this one read the keys: unknown, and key-shaped. */
    public boolean worthLookingUp(String keyId) {
        return keyId != null && !keys.verifying().containsKey(keyId) && KEY_ID.matcher(keyId).matches();
    }

    /**
     * Looks one key up by id (blocking; a primary-key read), for a token naming a key this instance does not know:
     * another instance rotated. Found, it verifies from now on.
     */
    public synchronized Optional<ECKey> lookUp(String keyId) {
        Instant now = clock.instant();
        Optional<ECKey> found = jdbc.query("SELECT key_id, private_key, created_at, retired_at FROM gateway.signing_keys"
                        + " WHERE key_id = ?", this::stored, keyId).stream()
                .filter(key -> key.signs() || key.retiredAt().plus(properties.longestTokenTtl()).isAfter(now))
                .map(StoredKey::key).findFirst();
        found.ifPresent(key -> {
            Keys current = keys;
            Map<String, ECKey> verifying = new java.util.HashMap<>(current.verifying());
            verifying.put(keyId, key);
            keys = new Keys(current.active(), current.activeSince(), Map.copyOf(verifying), current.loadedAt());
        });
        return found;
    }

    /** The public halves of every verifying key: what {@code /.well-known/jwks.json} serves. */
    public JWKSet publicKeys() {
        return new JWKSet(keys.verifying().values().stream().sorted(Comparator.comparing(JWK::getKeyID))
                .map(key -> (JWK) key.toPublicJWK()).toList());
    }

    /** Starts signing with a new key now (blocking); the previous keys keep verifying. Answers the new key's id. */
    public String rotate() {
        String keyId = transactions.execute(status -> {
            lock();
            return insertNewKey();
        });
        reload();
        return keyId;
    }

    private Keys rotateIfDue() {
        transactions.executeWithoutResult(status -> {
            lock();
            Timestamp newest = jdbc.queryForObject(
                    "SELECT max(created_at) FROM gateway.signing_keys WHERE retired_at IS NULL", Timestamp.class);
            if (newest == null || newest.toInstant().plus(properties.signingKeyRotation()).isBefore(clock.instant())) {
                insertNewKey();
            }
        });
        return reload();
    }

    /** Serialises rotations of every instance: two instances due at once add one key, not two. */
    private void lock() {
        jdbc.queryForObject("SELECT pg_advisory_xact_lock(hashtext('gateway.signing_keys'))", Object.class);
    }

    private String insertNewKey() {
        Instant now = clock.instant();
        String keyId = UUID.randomUUID().toString();
        ECKey key;
        try {
            key = new ECKeyGenerator(Curve.P_256).keyID(keyId).algorithm(JWSAlgorithm.ES256).keyUse(KeyUse.SIGNATURE)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a signing key", e);
        }
        jdbc.update("UPDATE gateway.signing_keys SET retired_at = ? WHERE retired_at IS NULL", Timestamp.from(now));
        jdbc.update("INSERT INTO gateway.signing_keys (key_id, algorithm, public_jwk, private_key, created_at) VALUES (?, ?, ?, ?, ?)",
                keyId, JWSAlgorithm.ES256.getName(), key.toPublicJWK().toJSONString(),
                keyring.seal(key.toJSONString(), sealContext(keyId)).bytes(), Timestamp.from(now));
        // keys no token can name any more go; they would only slow every instance's start
        jdbc.update("DELETE FROM gateway.signing_keys WHERE retired_at < ?",
                Timestamp.from(now.minus(properties.longestTokenTtl()).minus(Duration.ofDays(1))));
        return keyId;
    }

    private synchronized Keys reload() {
        keys = load();
        return keys;
    }

    private Keys load() {
        List<StoredKey> stored = storedKeys();
        if (stored.stream().noneMatch(StoredKey::signs)) {
            transactions.executeWithoutResult(status -> {
                lock();
                Integer active = jdbc.queryForObject("SELECT count(*) FROM gateway.signing_keys WHERE retired_at IS NULL", Integer.class);
                if (active == null || active == 0) {
                    insertNewKey();
                }
            });
            stored = storedKeys();
        }
        Instant now = clock.instant();
        StoredKey newest = stored.stream().filter(StoredKey::signs).max(Comparator.comparing(StoredKey::createdAt)).orElseThrow();
        Map<String, ECKey> verifying = stored.stream()
                .filter(key -> key.signs() || key.retiredAt().plus(properties.longestTokenTtl()).isAfter(now))
                .collect(Collectors.toMap(key -> key.key().getKeyID(), StoredKey::key));
        verifying.put(newest.key().getKeyID(), newest.key());
        return new Keys(newest.key(), newest.createdAt(), Map.copyOf(verifying), now);
    }

    private record StoredKey(ECKey key, Instant createdAt, Instant retiredAt) {
        boolean signs() {
            return retiredAt == null;
        }
    }

    private List<StoredKey> storedKeys() {
        return jdbc.query("SELECT key_id, private_key, created_at, retired_at FROM gateway.signing_keys", this::stored);
    }

    private StoredKey stored(java.sql.ResultSet row, int rowNumber) throws java.sql.SQLException {
        String keyId = row.getString("key_id");
        Timestamp retired = row.getTimestamp("retired_at");
        return new StoredKey(parse(keyring.open(Sealed.of(row.getBytes("private_key")), sealContext(keyId))),
                row.getTimestamp("created_at").toInstant(), retired == null ? null : retired.toInstant());
    }

    private static ECKey parse(String json) {
        try {
            return ECKey.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("a stored signing key is not an EC JWK", e);
        }
    }

    private static String sealContext(String keyId) {
        return "gateway.signing_keys:" + keyId;
    }
}
