package io.darktower.bench;

import io.darktower.readmodel.RedisKeys;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches sampled joins while the load runs: each pass checks every pending participant once in Redis
 * ({@code meeting:{id}:participants}) and in PostgreSQL ({@code meeting_participants}) and records the time
 * from the join's HTTP success to the first pass that sees it (so the figure includes up to one pass of probe
 * delay, plus the millisecond it rests between passes so that its own queries don't take a core of the machine
 * it measures). A sample not seen within the timeout, counted from its join, is counted as unseen, never dropped.
 * Its connections have timeouts, and a failure aborts the run: a probe that stopped would report too few samples.
 */
final class LagProbe implements Runnable, AutoCloseable {

    /** A participant the benchmark joined to a meeting. */
    record Joined(UUID meetingId, UUID participantId) {
    }

    private final Queue<Sample> incoming = new ConcurrentLinkedQueue<>();
    private final RedisClient redisClient;
    private final StatefulRedisConnection<String, String> redis;
    private final Connection pg;
    private final long timeoutNanos;
    private final RunGuard guard;
    private final LagStats redisLag = new LagStats();
    private final LagStats postgresLag = new LagStats();
    private final AtomicLong watched = new AtomicLong();
    private final AtomicLong resolved = new AtomicLong();
    private final AtomicLong checks = new AtomicLong();
    private volatile boolean finishing;

    /** A sampled join, and whether each read model has shown it (or the timeout has passed). */
    private static final class Sample {
        final Joined joined;
        final long joinedAtNanos;
        boolean redisDone;
        boolean postgresDone;

        Sample(Joined joined, long joinedAtNanos) {
            this.joined = joined;
            this.joinedAtNanos = joinedAtNanos;
        }
    }

    private LagProbe(RedisClient redisClient, StatefulRedisConnection<String, String> redis, Connection pg,
                     Duration timeout, RunGuard guard) {
        this.redisClient = redisClient;
        this.redis = redis;
        this.pg = pg;
        this.timeoutNanos = timeout.toNanos();
        this.guard = guard;
    }

    /** Connects to both read models; every call on them times out after {@code ioTimeout}. */
    static LagProbe connect(BenchOptions options, RunGuard guard) throws SQLException {
        Duration io = options.requestTimeout();
        RedisClient client = RedisClient.create(RedisURI.builder().withHost(options.redisHost())
                .withPort(options.redisPort()).withTimeout(io).build());
        client.setOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(io).build())
                .timeoutOptions(TimeoutOptions.enabled(io))
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        try {
            StatefulRedisConnection<String, String> redis = client.connect();
            Properties props = new Properties();
            props.setProperty("user", options.jdbcUser());
            props.setProperty("password", options.jdbcPassword());
            String seconds = Long.toString(Math.max(1, io.toSeconds()));
            props.setProperty("connectTimeout", seconds);
            props.setProperty("loginTimeout", seconds);
            props.setProperty("socketTimeout", seconds);
            return new LagProbe(client, redis, DriverManager.getConnection(options.jdbcUrl(), props),
                    options.lagTimeout(), guard);
        } catch (RuntimeException | SQLException e) {
            client.shutdown(0, 2, TimeUnit.SECONDS);
            throw e;
        }
    }

    void watch(Joined joined, long joinedAtNanos) {
        watched.incrementAndGet();
        incoming.add(new Sample(joined, joinedAtNanos));
    }

    /** No more samples: the probe ends when every sample is seen or timed out. */
    void finish() {
        finishing = true;
    }

    long watched() {
        return watched.get();
    }

    /** Visibility checks made so far (one Redis or one PostgreSQL query each): the probe's own load. */
    long checks() {
        return checks.get();
    }

    /** The PostgreSQL backend process serving the probe, so its CPU is not counted as the platform's. */
    long postgresBackendPid() throws SQLException {
        try (var st = pg.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Samples resolved in both read models. */
    long resolved() {
        return resolved.get();
    }

    LagStats redisLag() {
        return redisLag;
    }

    LagStats postgresLag() {
        return postgresLag;
    }

    @Override
    public void run() {
        List<Sample> pending = new ArrayList<>();
        try (PreparedStatement visible = pg.prepareStatement(
                "SELECT 1 FROM meeting_participants WHERE meeting_id = ? AND participant_id = ?")) {
            while (!guard.aborted()) {
                for (Sample s; (s = incoming.poll()) != null; ) {
                    pending.add(s);
                }
                if (pending.isEmpty()) {
                    if (finishing && incoming.isEmpty()) {
                        return;
                    }
                    Thread.sleep(1);
                    continue;
                }
                for (var it = pending.iterator(); it.hasNext() && !guard.aborted(); ) {
                    Sample s = it.next();
                    if (!s.redisDone) {
                        boolean seen = redis.sync().sismember(RedisKeys.meetingParticipants(s.joined.meetingId()),
                                s.joined.participantId().toString());
                        checks.incrementAndGet();
                        s.redisDone = record(redisLag, seen, s);
                    }
                    if (!s.postgresDone) {
                        visible.setObject(1, s.joined.meetingId());
                        visible.setObject(2, s.joined.participantId());
                        checks.incrementAndGet();
                        try (ResultSet rs = visible.executeQuery()) {
                            s.postgresDone = record(postgresLag, rs.next(), s);
                        }
                    }
                    if (s.redisDone && s.postgresDone) {
                        it.remove();
                        resolved.incrementAndGet();
                    }
                }
                Thread.sleep(1);
            }
        } catch (Exception e) {
            guard.abort("lag probe failed: " + e);
        }
    }

    /** @return whether the sample is resolved in this read model */
    private boolean record(LagStats stats, boolean seen, Sample s) {
        long age = System.nanoTime() - s.joinedAtNanos;
        if (seen) {
            stats.seen(age);
            return true;
        }
        if (age > timeoutNanos) {
            stats.unseen();
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        try {
            pg.close();
        } catch (SQLException e) {
            // the platform may be gone already
        }
        redisClient.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
