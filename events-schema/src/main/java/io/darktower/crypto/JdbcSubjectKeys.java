package io.darktower.crypto;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Subject keys in {@code event_store.subject_keys} (migration {@code V8__subject_keys.sql}), cached: projections
 * decode thousands of events a second over few subjects. An erased subject is cached for good (erasure is final); a
 * live key for {@link #LIVE_KEY_TTL}, which bounds how long another process may still open a subject erased
 * elsewhere (this process forgets at once: {@link #forget}).
 */
public final class JdbcSubjectKeys implements SubjectKeys {

    /** How long a live key is used before it is read again (an erasure by another process shows within this). */
    public static final Duration LIVE_KEY_TTL = Duration.ofSeconds(30);
    private static final int MAX_CACHED = 100_000;
    private static final String KEY_ID = "pii";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataSource dataSource;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /** A cached lookup; {@code key} null: erased (kept for good). */
    private record Cached(Keyring key, long loadedAt) {
    }

    public JdbcSubjectKeys(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Keyring forSealing(String subject) {
        Cached cached = fresh(subject);
        if (cached != null) {
            return cached.key();
        }
        Optional<Cached> stored = load(subject);
        if (stored.isEmpty()) {
            create(subject);
            stored = load(subject);
        }
        return remember(subject, stored.orElseThrow(() -> new IllegalStateException("no key for " + subject)));
    }

    @Override
    public Keyring forOpening(String subject) {
        Cached cached = fresh(subject);
        if (cached != null) {
            return cached.key();
        }
        // a sealed value whose subject has no row at all: its key is gone just the same
        return remember(subject, load(subject).orElseGet(() -> new Cached(null, System.nanoTime())));
    }

    @Override
    public void forget(String subject) {
        cache.remove(subject);
    }

    private Cached fresh(String subject) {
        Cached cached = cache.get(subject);
        if (cached == null) {
            return null;
        }
        if (cached.key() != null && System.nanoTime() - cached.loadedAt() > LIVE_KEY_TTL.toNanos()) {
            cache.remove(subject, cached);
            return null;
        }
        return cached;
    }

    private Keyring remember(String subject, Cached loaded) {
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(subject, loaded);
        return loaded.key();
    }

    private Optional<Cached> load(String subject) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT subject_key FROM event_store.subject_keys WHERE subject = ?")) {
            select.setString(1, subject);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                byte[] key = rs.getBytes(1);
                return Optional.of(new Cached(key == null ? null : Keyring.of(Map.of(KEY_ID, key), KEY_ID),
                        System.nanoTime()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("subject keys not readable", e);
        }
    }

    private void create(String subject) {
        byte[] key = new byte[Keyring.KEY_BYTES];
        RANDOM.nextBytes(key);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO event_store.subject_keys (subject, subject_key) VALUES (?, ?)
                     ON CONFLICT (subject) DO NOTHING""")) {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            insert.setString(1, subject);
            insert.setBytes(2, key);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("subject key not stored", e);
        }
    }

    /**
     * Deletes a subject's key for good (one parameter: the subject), leaving a tombstone so no key is made for it
     * again; run on the connection of the transaction that records the erasure, then {@link #forget} it.
     */
    public static final String ERASE = """
            INSERT INTO event_store.subject_keys (subject, subject_key, erased_at) VALUES (?, NULL, now())
            ON CONFLICT (subject) DO UPDATE SET subject_key = NULL,
                erased_at = COALESCE(subject_keys.erased_at, EXCLUDED.erased_at)""";
}
