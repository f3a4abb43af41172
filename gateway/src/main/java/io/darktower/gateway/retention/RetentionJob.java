package io.darktower.gateway.retention;

import io.darktower.commands.Rejected;
import io.darktower.commands.apikey.PurgeApiKey;
import io.darktower.commands.meeting.Meeting;
import io.darktower.commands.meeting.PurgeMeeting;
import io.darktower.commands.node.DeregisterController;
import io.darktower.commands.node.DeregisterMediaHandler;
import io.darktower.commands.recording.PurgeRecording;
import io.darktower.gateway.api.AdvisoryLocks;
import io.darktower.gateway.api.SystemCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

/**
 * The seed's retention table, run on a schedule ({@code darktower.retention.schedule}) or on demand
 * ({@link RetentionEndpoint}). A run finds in the read models what is past its time and removes it through the owning
 * aggregate, so the removal is an event (kept in the log, in {@code audit_logs}, and applied again by any rebuild):
 * <ol>
 * <li>recordings stopped more than the policy ago ({@link PurgeRecording} → {@code RecordingPurged});</li>
 * <li>meetings ended more than {@link Meeting#RETENTION_AFTER_END} ago, with their participants
 * ({@link PurgeMeeting} → {@code MeetingPurged}); a meeting waits while a recording of it is kept: the
 * {@code recordings} rows reference it and would go with it, so recordings are purged (and seen gone) first;</li>
 * <li>API keys revoked or past their expiry ({@link PurgeApiKey} → {@code ApiKeyPurged});</li>
 * <li>controllers and media handlers silent longer than {@code stale-nodes}: deregistered, as an operator would;</li>
 * <li>audit months older than a year: the horizon moves ({@code audit_log_horizon}), their partitions are dropped,
 * older rows in the default partition deleted, and the months ahead created.</li>
 * </ol>
 * The aggregates check the condition again against their own facts and refuse a premature purge. Idempotent: a purged
 * aggregate ignores a second purge (nothing appended, nothing counted), and the run waits for the read models to show
 * its purges, so the next run does not find them. One run at a time across every instance: a PostgreSQL advisory lock
 * held for the run (released by the database if the instance dies); a run that cannot take it does nothing.
 */
@Component
public class RetentionJob implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);
    /** The advisory lock that makes one run at a time, across every instance on this database. */
    public static final long LOCK = 0x6474_7265_7465_6e74L; // "dtretent"
    /** The seed: audit logs are kept one year. */
    public static final int AUDIT_YEARS = 1;
    /** Months of audit partitions kept ready ahead (as the projections do at their start). */
    static final int AUDIT_MONTHS_AHEAD = 3;

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final CommandGateway commands;
    private final RetentionProperties properties;
    private final Clock clock = Clock.systemUTC();
    private final Map<RetentionKind, Counter> deletedCounters = new EnumMap<>(RetentionKind.class);
    private ThreadPoolTaskScheduler scheduler;

    public RetentionJob(DataSource dataSource, CommandGateway commands, RetentionProperties properties,
                        MeterRegistry meters) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.commands = commands;
        this.properties = properties;
        for (RetentionKind kind : RetentionKind.values()) {
            deletedCounters.put(kind, Counter.builder("darktower.retention.deleted").tag("kind", kind.wire())
                    .description("rows (audit: partitions) removed by retention runs").register(meters));
        }
    }

    @Override
    public synchronized void start() {
        if (scheduler != null || !properties.enabled()) {
            return;
        }
        scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("retention-");
        scheduler.setDaemon(true);
        scheduler.initialize();
        scheduler.schedule(this::runQuietly, new CronTrigger(properties.schedule(), ZoneOffset.UTC));
        log.info("retention scheduled: {} (UTC); recordings kept {}, stale nodes after {}", properties.schedule(),
                properties.recordings(), properties.staleNodes());
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdown();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    private void runQuietly() {
        try {
            run();
        } catch (RuntimeException | SQLException e) {
            log.warn("retention run failed; the next one tries again", e);
        }
    }

    /** One run, now, if no other run (here or on another instance) holds the lock. */
    public RetentionReport run() throws SQLException {
        Instant now = clock.instant();
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(true);
            if (!AdvisoryLocks.tryLock(lock, LOCK)) {
                log.info("retention run skipped: another run holds the lock");
                return RetentionReport.skipped(now);
            }
            try {
                RetentionReport report = runHoldingTheLock(now);
                report.deleted().forEach((kind, count) -> deletedCounters.get(kindOf(kind)).increment(count));
                log.info("retention run at {}: removed {} (audit partitions created ahead: {})", now, report.deleted(),
                        report.auditPartitionsCreated());
                return report;
            } finally {
                AdvisoryLocks.unlock(lock, LOCK);
            }
        }
    }

    private static RetentionKind kindOf(String wire) {
        for (RetentionKind kind : RetentionKind.values()) {
            if (kind.wire().equals(wire)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(wire);
    }

    private RetentionReport runHoldingTheLock(Instant now) {
        String correlation = "retention-" + UUID.randomUUID();
        Map<String, Long> deleted = new LinkedHashMap<>();

        int days = Math.toIntExact(properties.recordings().toDays());
        List<UUID> recordings = jdbc.queryForList("""
                SELECT recording_id FROM recordings WHERE ended_at <= ? ORDER BY ended_at, recording_id LIMIT ?""",
                UUID.class, Timestamp.from(now.minus(properties.recordings())), properties.batch());
        List<String> purgedRecordings = purge(recordings, id -> new PurgeRecording(id, days, now), correlation);
        deleted.put(RetentionKind.RECORDINGS.wire(), (long) purgedRecordings.size());
        awaitGone("recordings", "recording_id", purgedRecordings);

        Map<UUID, Long> meetings = new LinkedHashMap<>();
        jdbc.query("""
                SELECT m.meeting_id, (SELECT count(*) FROM meeting_participants p WHERE p.meeting_id = m.meeting_id)
                FROM meetings m
                WHERE m.status = 'ended' AND m.ended_at <= ?
                  AND NOT EXISTS (SELECT 1 FROM recordings r WHERE r.meeting_id = m.meeting_id)
                ORDER BY m.ended_at, m.meeting_id LIMIT ?""",
                rs -> {
                    meetings.put(rs.getObject(1, UUID.class), rs.getLong(2));
                }, Timestamp.from(now.minus(Meeting.RETENTION_AFTER_END)), properties.batch());
        List<String> purgedMeetings = purge(List.copyOf(meetings.keySet()), id -> new PurgeMeeting(id, now), correlation);
        deleted.put(RetentionKind.MEETINGS.wire(), (long) purgedMeetings.size());
        deleted.put(RetentionKind.MEETING_PARTICIPANTS.wire(),
                purgedMeetings.stream().mapToLong(id -> meetings.get(UUID.fromString(id))).sum());

        List<UUID> keys = jdbc.queryForList("""
                SELECT key_id FROM api_keys WHERE NOT is_active OR expires_at <= ? ORDER BY created_at, key_id LIMIT ?""",
                UUID.class, Timestamp.from(now), properties.batch());
        List<String> purgedKeys = purge(keys, id -> new PurgeApiKey(id, now), correlation);
        deleted.put(RetentionKind.API_KEYS.wire(), (long) purgedKeys.size());

        Timestamp silentSince = Timestamp.from(now.minus(properties.staleNodes()));
        List<String> controllers = jdbc.queryForList("""
                SELECT controller_id FROM meeting_controllers WHERE last_heartbeat_at < ? ORDER BY controller_id LIMIT ?""",
                String.class, silentSince, properties.batch());
        List<String> goneControllers = purge(controllers, id -> new DeregisterController(id, now), correlation);
        deleted.put(RetentionKind.CONTROLLERS.wire(), (long) goneControllers.size());
        List<String> handlers = jdbc.queryForList("""
                SELECT handler_id FROM media_handlers WHERE last_heartbeat_at < ? ORDER BY handler_id LIMIT ?""",
                String.class, silentSince, properties.batch());
        List<String> goneHandlers = purge(handlers, id -> new DeregisterMediaHandler(id, now), correlation);
        deleted.put(RetentionKind.MEDIA_HANDLERS.wire(), (long) goneHandlers.size());

        awaitGone("meetings", "meeting_id", purgedMeetings);
        awaitGone("api_keys", "key_id", purgedKeys);
        awaitGone("meeting_controllers", "controller_id", goneControllers);
        awaitGone("media_handlers", "handler_id", goneHandlers);

        LocalDate cutoff = LocalDate.ofInstant(now, ZoneOffset.UTC).minusYears(AUDIT_YEARS);
        Timestamp horizon = Timestamp.from(cutoff.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        // the horizon first: from now on the audit projection (live or rebuilding) writes nothing older
        jdbc.update("""
                INSERT INTO audit_log_horizon (only_row, horizon, updated_at) VALUES (true, ?, ?)
                ON CONFLICT (only_row) DO UPDATE SET horizon = GREATEST(audit_log_horizon.horizon, EXCLUDED.horizon),
                    updated_at = EXCLUDED.updated_at""", horizon, Timestamp.from(now));
        Integer partitions = jdbc.queryForObject("SELECT drop_audit_log_partitions_older_than(?)", Integer.class,
                java.sql.Date.valueOf(cutoff));
        deleted.put(RetentionKind.AUDIT_PARTITIONS.wire(), partitions == null ? 0L : partitions);
        deleted.put(RetentionKind.AUDIT_ROWS.wire(), (long) jdbc.update("DELETE FROM audit_logs WHERE created_at < ?", horizon));
        Integer created = jdbc.queryForObject("SELECT ensure_audit_log_partitions(?)", Integer.class, AUDIT_MONTHS_AHEAD);
        return new RetentionReport(true, now, deleted, created == null ? 0 : created);
    }

    /**
     * Sends each purge; a purge command answers true when it appended its event, false when the aggregate was purged
     * already; a deregistration answers nothing and counts when not refused.
     *
     * @return the ids whose purge appended an event (as text)
     */
    private <I> List<String> purge(List<I> ids, Function<I, Object> command, String correlation) {
        List<String> purged = new ArrayList<>();
        for (I id : ids) {
            Object sent = command.apply(id);
            try {
                Object answer = SystemCommands.send(commands, sent, correlation);
                if (!Boolean.FALSE.equals(answer)) {
                    purged.add(id.toString());
                }
            } catch (Rejected e) {
                // the read model and the aggregate disagree (a clock behind, an aggregate that moved on): its own facts win
                log.info("retention: {} refused: {}", sent, e.getMessage());
            } catch (RuntimeException e) {
                log.warn("retention: {} failed; the next run tries again", sent, e);
            }
        }
        return purged;
    }

    /** Waits, up to {@code projection-wait}, until none of {@code ids} has a row left in {@code table}. */
    private void awaitGone(String table, String column, List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        String sql = "SELECT count(*) FROM " + table + " WHERE " + column + "::text = ANY(?)";
        long deadline = System.nanoTime() + properties.projectionWait().toNanos();
        while (true) {
            Long left = jdbc.execute((ConnectionCallback<Long>) c -> {
                try (PreparedStatement statement = c.prepareStatement(sql)) {
                    statement.setArray(1, c.createArrayOf("text", ids.toArray()));
                    try (ResultSet result = statement.executeQuery()) {
                        result.next();
                        return result.getLong(1);
                    }
                }
            });
            if (left == null || left == 0 || System.nanoTime() >= deadline) {
                if (left != null && left > 0) {
                    log.warn("retention: {} of {} purged rows still in {} after {}", left, ids.size(), table,
                            properties.projectionWait());
                }
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
