package io.darktower.projections.runtime;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Point-in-time copies of the read models, for operators: a projection's read model replayed from the event log up
 * to an instant or a global position ({@link Replay}) by the projection's own rebuild, into a schema or key prefix of
 * its own that is kept beside the live one, and compared with another copy or with the live read model
 * ({@link ReadModelDiff}). Copies are made one at a time on a thread of their own: they touch nothing live, so the
 * live projections keep applying and serving meanwhile.
 */
public final class AsOfCopies implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AsOfCopies.class);

    private final List<ProjectionRunner> runners;
    private final DataSource dataSource;
    private final StatefulRedisConnection<String, String> redis;
    private final EventLog eventLog;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "as-of-copies");
        t.setDaemon(true);
        return t;
    });

    AsOfCopies(List<ProjectionRunner> runners, DataSource dataSource, StatefulRedisConnection<String, String> redis,
               EventLog eventLog) {
        this.runners = runners;
        this.dataSource = dataSource;
        this.redis = redis;
        this.eventLog = eventLog;
    }

    /** Where a copy is. */
    public enum State {
        /** Waiting for the copies before it, or replaying the log. */
        REPLAYING,
        /** Complete and kept until dropped. */
        KEPT,
        FAILED
    }

    /**
     * One copy as operators see it.
     *
     * @param store where it is kept: {@code asof_<projection>_<label>} (PostgreSQL) or {@code asof:<projection>:<label>:} (Redis)
     * @param done  events (PostgreSQL) or aggregates (Redis) replayed so far, of {@code total}
     * @param error why it failed, else null
     */
    public record Copy(String projection, String label, Long position, Instant at, String store, State state,
                       long done, long total, String error) {
    }

    /**
     * Starts copying a projection's read model as of a point in time; a copy of the same label is replaced. At least
     * one of {@code at} and {@code position} is given.
     */
    public Copy start(String projection, String label, Instant at, Long position) throws SQLException {
        ProjectionRunner runner = runner(projection);
        Instant clock = at != null ? at : eventLog.timeAt(position).orElse(Instant.EPOCH);
        Replay replay = new Replay(label, position, at, clock);
        Job job = new Job(projection, replay, runner.copyAsOf(replay), store(runner.projector(), replay));
        jobs.compute(key(projection, label), (k, running) -> {
            if (running != null && running.state == State.REPLAYING) {
                throw new IllegalStateException("copy " + label + " of " + projection + " is still being made");
            }
            return job;
        });
        if (runner.projector() instanceof RedisProjector<?>) {
            dropKeys(replay.keyPrefix(projection)); // a copy replaced: none of its keys may outlive it
        }
        worker.submit(job::run);
        log.info("copy {} of {} as of {} requested", label, projection, replay.describe());
        return job.copy();
    }

    /** The copies of a projection: those made since start, and the PostgreSQL ones an earlier run left. */
    public List<Copy> copies(String projection) throws SQLException {
        ProjectionRunner runner = runner(projection);
        List<Copy> out = new ArrayList<>(jobs.values().stream().filter(j -> j.projection.equals(projection))
                .map(Job::copy).toList());
        if (runner.projector() instanceof SqlProjector<?>) {
            String prefix = Replay.schema(projection, "");
            for (String schema : schemasStartingWith(prefix)) {
                String label = schema.substring(prefix.length());
                if (!jobs.containsKey(key(projection, label))) {
                    out.add(new Copy(projection, label, null, null, schema, State.KEPT, 0, 0, null));
                }
            }
        }
        out.sort(Comparator.comparing(Copy::label));
        return out;
    }

    /** One copy; NoSuchElementException if there is none of that label. */
    public Copy copy(String projection, String label) throws SQLException {
        return copies(projection).stream().filter(c -> c.label().equals(label)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no copy " + label + " of " + projection));
    }

    /** Waits until a copy is kept or failed (benchmarks, tests, scripts). */
    public Copy await(String projection, String label, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Copy copy = copy(projection, label); ; copy = copy(projection, label)) {
            if (copy.state() != State.REPLAYING || System.nanoTime() > deadline) {
                return copy;
            }
            Thread.sleep(50);
        }
    }

    /** Drops a copy: its schema, or its keys. False if there was none. */
    public boolean drop(String projection, String label) throws SQLException {
        ProjectionRunner runner = runner(projection);
        Job job = jobs.get(key(projection, label));
        if (job != null && job.state == State.REPLAYING) {
            throw new IllegalStateException("copy " + label + " of " + projection + " is still being made");
        }
        boolean dropped = jobs.remove(key(projection, label)) != null;
        if (runner.projector() instanceof SqlProjector<?>) {
            String schema = Replay.schema(projection, label);
            dropped |= schemasStartingWith(schema).contains(schema);
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        } else {
            dropped |= dropKeys(Replay.keyPrefix(projection, label)) > 0;
        }
        log.info("copy {} of {} dropped", label, projection);
        return dropped;
    }

    /**
     * What changed in a PostgreSQL read model between two copies, or a copy and the live read model ({@value Replay#LIVE}),
     * table by table.
     */
    public ReadModelDiff.Diff diff(String projection, String from, String to) throws SQLException {
        if (!(runner(projection).projector() instanceof SqlProjector<?> projector)) {
            throw new IllegalArgumentException(projection + " is not a PostgreSQL read model: compare its copies' keys in Redis");
        }
        return ReadModelDiff.compare(dataSource, projector, from, schemaOf(projection, from), to, schemaOf(projection, to));
    }

    private String schemaOf(String projection, String label) throws SQLException {
        if (Replay.LIVE.equals(label)) {
            return "public";
        }
        String schema = Replay.schema(projection, label);
        Job job = jobs.get(key(projection, label));
        if ((job != null && job.state != State.KEPT) || !schemasStartingWith(schema).contains(schema)) {
            throw new NoSuchElementException("no complete copy " + label + " of " + projection);
        }
        return schema;
    }

    private List<String> schemasStartingWith(String prefix) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement(
                     "SELECT nspname FROM pg_namespace WHERE left(nspname, length(?)) = ? ORDER BY nspname")) {
            select.setString(1, prefix);
            select.setString(2, prefix);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    private long dropKeys(String prefix) {
        RedisCommands<String, String> sync = redis.sync();
        ScanArgs match = ScanArgs.Builder.matches(prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "*").limit(1000);
        long dropped = 0;
        for (KeyScanCursor<String> cursor = sync.scan(match); ; cursor = sync.scan(cursor, match)) {
            if (!cursor.getKeys().isEmpty()) {
                dropped += sync.del(cursor.getKeys().toArray(String[]::new));
            }
            if (cursor.isFinished()) {
                return dropped;
            }
        }
    }

    private static String store(Projector<?> projector, Replay replay) {
        return projector instanceof SqlProjector<?> ? replay.schema(projector.name()) : replay.keyPrefix(projector.name());
    }

    private ProjectionRunner runner(String projection) {
        return runners.stream().filter(r -> r.name().equals(projection)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no projection " + projection));
    }

    private static String key(String projection, String label) {
        return projection + "/" + label;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }

    /** One copy being made: the projection's own rebuild, stopped at the replay's point and kept. */
    private static final class Job {
        private final String projection;
        private final Replay replay;
        private final Rebuild rebuild;
        private final String store;
        private volatile State state = State.REPLAYING;
        private volatile String error;

        Job(String projection, Replay replay, Rebuild rebuild, String store) {
            this.projection = projection;
            this.replay = replay;
            this.rebuild = rebuild;
            this.store = store;
        }

        void run() {
            try {
                while (rebuild.step()) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new InterruptedException("shutting down");
                    }
                }
                state = State.KEPT;
            } catch (Exception | Error e) {
                log.error("copy {} of {} as of {} failed", replay.label(), projection, replay.describe(), e);
                error = e.toString();
                state = State.FAILED;
            }
        }

        Copy copy() {
            return new Copy(projection, replay.label(), replay.position(), replay.at(), store, state,
                    rebuild.done(), rebuild.total(), error);
        }
    }
}
