package io.darktower.projections.runtime;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import io.darktower.crypto.JdbcSubjectKeys;
import io.darktower.crypto.PersonalData;
import io.darktower.readmodel.RedisKeys;
import java.util.Collection;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read side as one service: migrates the read model, runs every projection of {@link Projections} in its own
 * consumer group, measures their lag, keeps monthly audit partitions created ahead, and serves operators (status,
 * parked aggregates, retry / skip, rebuild, point-in-time copies and their differences).
 */
public final class ProjectionService implements AutoCloseable, MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(ProjectionService.class);
    private static final int AUDIT_MONTHS_AHEAD = 3;

    private final HikariDataSource dataSource;
    private final RedisClient redis;
    private final StatefulRedisConnection<String, String> redisConnection;
    private final DeadLetters deadLetters;
    private final List<ProjectionRunner> runners;
    private final LagMonitor lag;
    private final ScheduledExecutorService maintenance;
    private final AsOfCopies asOfCopies;

    private final PersonalData.Installation subjectKeys;

    private ProjectionService(HikariDataSource dataSource, RedisClient redis,
                              StatefulRedisConnection<String, String> redisConnection, DeadLetters deadLetters,
                              List<ProjectionRunner> runners, LagMonitor lag, ScheduledExecutorService maintenance,
                              PersonalData.Installation subjectKeys, AsOfCopies asOfCopies) {
        this.subjectKeys = subjectKeys;
        this.dataSource = dataSource;
        this.redis = redis;
        this.redisConnection = redisConnection;
        this.deadLetters = deadLetters;
        this.runners = runners;
        this.lag = lag;
        this.maintenance = maintenance;
        this.asOfCopies = asOfCopies;
    }

    public static ProjectionService start(ProjectionSettings settings) {
        return start(settings, settings.keyring() == null ? Projections.all() : Projections.all(settings.keyring()));
    }

    public static ProjectionService start(ProjectionSettings settings, List<Projector<?>> projectors) {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(settings.jdbcUrl());
        pool.setUsername(settings.databaseUser());
        pool.setPassword(settings.databasePassword());
        pool.setMaximumPoolSize(2 + 2 * projectors.size());
        pool.setPoolName("projections");
        HikariDataSource dataSource = new HikariDataSource(pool);
        ReadModelSchema.migrate(dataSource);

        RedisClient redis = RedisClient.create(settings.redisUri());
        StatefulRedisConnection<String, String> connection = redis.connect();
        EventLog eventLog = new EventLog(dataSource);
        // personal data in events is opened with the subjects' keys, kept beside the event store
        PersonalData.Installation subjectKeys = PersonalData.install(new JdbcSubjectKeys(dataSource));
        DeadLetters deadLetters = new DeadLetters(dataSource);

        List<ProjectionRunner> runners = projectors.stream().map(projector -> new ProjectionRunner(projector,
                sink(projector, dataSource, connection, eventLog), deadLetters, settings.kafkaBootstrapServers(),
                settings.tuning())).toList();
        runners.forEach(ProjectionRunner::start);
        LagMonitor lag = new LagMonitor(settings.kafkaBootstrapServers(), settings.tuning().lagInterval(), runners);

        ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "read-model-maintenance");
            t.setDaemon(true);
            return t;
        });
        maintenance.scheduleAtFixedRate(() -> ensureAuditPartitions(dataSource), 0, 1, TimeUnit.DAYS);
        log.info("projections running: {}", runners.stream().map(ProjectionRunner::name).toList());
        return new ProjectionService(dataSource, redis, connection, deadLetters, runners, lag, maintenance, subjectKeys,
                new AsOfCopies(runners, dataSource, connection, eventLog));
    }

    /** The runtime's store for a projector: the sealed projector kinds are all the stores there are. */
    private static ProjectionSink sink(Projector<?> projector, DataSource dataSource,
                                       StatefulRedisConnection<String, String> redis, EventLog eventLog) {
        return switch (projector) {
            case SqlProjector<?> sql -> new SqlSink<>(sql, dataSource, eventLog, null, (type, ids) -> evict(redis, type, ids));
            case RedisProjector<?> keys -> new RedisSink<>(keys, redis, eventLog);
        };
    }

    /** Drops cache entries; a Redis that cannot be reached leaves them to expire (5 to 60 minutes by type). */
    private static void evict(StatefulRedisConnection<String, String> redis, RedisKeys.CacheType type, Collection<String> ids) {
        try {
            redis.sync().del(ids.stream().map(id -> RedisKeys.cache(type, id)).toArray(String[]::new));
        } catch (RuntimeException e) {
            log.warn("cache entries of {} {} not dropped; they expire within {}: {}", type.wire(), ids, type.ttl(), e.toString());
        }
    }

    public List<ProjectionRunner> runners() {
        return runners;
    }

    public ProjectionRunner runner(String name) {
        return runners.stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no projection " + name));
    }

    public List<ProjectionStatus> statuses() {
        return runners.stream().map(ProjectionRunner::status).toList();
    }

    /** Point-in-time copies of the read models, and what changed between two points. */
    public AsOfCopies asOfCopies() {
        return asOfCopies;
    }

    public DeadLetters deadLetters() {
        return deadLetters;
    }

    /** Blocks until every projection's consumer owns partitions; true if all do within the timeout. */
    public boolean awaitAssignment(Duration timeout) throws InterruptedException {
        for (ProjectionRunner runner : runners) {
            if (!runner.awaitAssignment(timeout)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        runners.forEach(runner -> runner.bindTo(registry));
    }

    static void ensureAuditPartitions(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            var rs = c.createStatement().executeQuery("SELECT ensure_audit_log_partitions(" + AUDIT_MONTHS_AHEAD + ")");
            rs.next();
            if (rs.getInt(1) > 0) {
                log.info("created {} audit_logs partitions ahead", rs.getInt(1));
            }
        } catch (SQLException e) {
            log.error("could not create audit_logs partitions ahead", e);
        }
    }

    @Override
    public void close() {
        maintenance.shutdownNow();
        asOfCopies.close();
        lag.close();
        runners.forEach(ProjectionRunner::close);
        redisConnection.close();
        redis.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        subjectKeys.close();
        dataSource.close();
    }
}
