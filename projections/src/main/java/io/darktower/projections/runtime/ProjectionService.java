package io.darktower.projections.runtime;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.darktower.events.Topics;
import io.darktower.projections.meeting.MeetingRedisProjection;
import io.darktower.projections.meeting.MeetingSqlProjection;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read side as one service: migrates the read model, then runs every projection in its own consumer
 * group, and keeps monthly audit partitions created ahead of time.
 */
public final class ProjectionService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProjectionService.class);
    private static final int AUDIT_MONTHS_AHEAD = 3;

    private final HikariDataSource dataSource;
    private final RedisClient redis;
    private final StatefulRedisConnection<String, String> redisConnection;
    private final List<ProjectionRunner> runners;
    private final ScheduledExecutorService maintenance;

    private ProjectionService(HikariDataSource dataSource, RedisClient redis,
                              StatefulRedisConnection<String, String> redisConnection,
                              List<ProjectionRunner> runners, ScheduledExecutorService maintenance) {
        this.dataSource = dataSource;
        this.redis = redis;
        this.redisConnection = redisConnection;
        this.runners = runners;
        this.maintenance = maintenance;
    }

    public static ProjectionService start(ProjectionSettings settings) {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(settings.jdbcUrl());
        pool.setUsername(settings.databaseUser());
        pool.setPassword(settings.databasePassword());
        pool.setMaximumPoolSize(4);
        pool.setPoolName("projections");
        HikariDataSource dataSource = new HikariDataSource(pool);
        ReadModelSchema.migrate(dataSource);

        RedisClient redis = RedisClient.create(settings.redisUri());
        StatefulRedisConnection<String, String> connection = redis.connect();

        List<Projection> projections = List.of(
                new MeetingSqlProjection(dataSource),
                new MeetingRedisProjection(new RedisSequencedWriter(MeetingRedisProjection.NAME, connection)));
        List<ProjectionRunner> runners = projections.stream()
                .map(p -> ProjectionRunner.start(p, settings.kafkaBootstrapServers(), List.of(Topics.MEETING_EVENTS)))
                .toList();

        ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "read-model-maintenance");
            t.setDaemon(true);
            return t;
        });
        maintenance.scheduleAtFixedRate(() -> ensureAuditPartitions(dataSource), 0, 1, TimeUnit.DAYS);
        log.info("projections running: {}", runners.stream().map(ProjectionRunner::name).toList());
        return new ProjectionService(dataSource, redis, connection, runners, maintenance);
    }

    public List<ProjectionRunner> runners() {
        return runners;
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

    static void ensureAuditPartitions(javax.sql.DataSource dataSource) {
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
        runners.forEach(ProjectionRunner::close);
        redisConnection.close();
        redis.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        dataSource.close();
    }
}
