package io.darktower.gateway.node;

import io.darktower.commands.Rejected;
import io.darktower.commands.meeting.AssignController;
import io.darktower.commands.meeting.AssignMediaHandler;
import io.darktower.commands.node.ChangeControllerHealth;
import io.darktower.commands.node.ChangeMediaHandlerHealth;
import io.darktower.events.node.NodeHealth;
import io.darktower.gateway.api.AdvisoryLocks;
import io.darktower.gateway.api.SystemCommands;
import io.darktower.gateway.node.NodePlacement.Candidate;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The node-failure process: a periodic sweep over the durable read model, so it holds no state of its own and picks
 * up after any restart where the tables say things stand. Each sweep
 * <ol>
 * <li>marks unhealthy (a command, so an event) every node whose last heartbeat is older than the timeout;</li>
 * <li>gives every meeting that is not over and has no live controller (none yet, or one unhealthy, silent or
 * deregistered) a healthy controller with room: same region first, then the least loaded (active meetings per
 * {@code max_meetings}), then by id; and the same for media handlers (meetings per {@code max_streams}, among those
 * whose reported streams leave room), so a new meeting gets both as soon as a healthy node exists;</li>
 * <li>waits until the read model shows the assignments it commanded.</li>
 * </ol>
 * Idempotent: commands that change nothing append nothing; one sweep at a time across every instance (a PostgreSQL
 * advisory lock held for the sweep, released by the database if the instance dies); and a sweep's choices depend only
 * on the read model, which the previous sweep waited for, so running it again finds nothing left to do.
 */
@Component
public class NodeSweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NodeSweeper.class);
    /** The advisory lock that makes one sweep at a time, across every instance on this database. */
    public static final long LOCK = 0x6474_6e6f_6465_7377L; // "dtnodesw"
    private static final int BATCH = 500;

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final CommandGateway commands;
    private final NodeProperties properties;
    private final NodePlacement placement;
    private final Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    private ScheduledExecutorService executor;

    public NodeSweeper(DataSource dataSource, CommandGateway commands, NodeProperties properties, NodePlacement placement) {
        this.dataSource = dataSource;
        this.placement = placement;
        this.jdbc = new JdbcTemplate(dataSource);
        this.commands = commands;
        this.properties = properties;
    }

    /** What one sweep did. */
    public record Outcome(boolean ran, int markedUnhealthy, int controllersAssigned, int mediaHandlersAssigned) {
        static final Outcome SKIPPED = new Outcome(false, 0, 0, 0);
    }

    private record Orphan(UUID meetingId, String region) {
    }

    @Override
    public synchronized void start() {
        if (executor != null || !properties.sweeperEnabled()) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "node-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        long interval = properties.sweepInterval().toMillis();
        executor.scheduleWithFixedDelay(this::sweepQuietly, interval, interval, TimeUnit.MILLISECONDS);
        log.info("node sweeper started: heartbeat timeout {}, every {}", properties.heartbeatTimeout(),
                properties.sweepInterval());
    }

    @Override
    public synchronized void stop() {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    private void sweepQuietly() {
        try {
            Outcome outcome = sweep();
            if (outcome.markedUnhealthy() + outcome.controllersAssigned() + outcome.mediaHandlersAssigned() > 0) {
                log.info("node sweep: {} marked unhealthy, {} controller and {} media handler assignments",
                        outcome.markedUnhealthy(), outcome.controllersAssigned(), outcome.mediaHandlersAssigned());
            }
        } catch (RuntimeException | SQLException e) {
            log.warn("node sweep failed; the next one tries again", e);
        }
    }

    /** One sweep, now, if no other sweep (here or on another instance) is running. */
    public Outcome sweep() throws SQLException {
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(true);
            if (!AdvisoryLocks.tryLock(lock, LOCK)) {
                return Outcome.SKIPPED;
            }
            try {
                return sweepHoldingTheLock();
            } finally {
                AdvisoryLocks.unlock(lock, LOCK);
            }
        }
    }

    private Outcome sweepHoldingTheLock() {
        Instant now = clock.instant();
        Timestamp cutoff = Timestamp.from(now.minus(properties.heartbeatTimeout()));
        String correlation = "node-sweep-" + UUID.randomUUID();
        int unhealthy = markSilentNodesUnhealthy(cutoff, now, correlation);

        Map<UUID, String> controllerOf = new LinkedHashMap<>();
        List<Candidate> controllers = placement.controllers(cutoff).live();
        List<Orphan> withoutController = jdbc.query("""
                SELECT m.meeting_id, m.assigned_region FROM meetings m
                LEFT JOIN meeting_controllers c ON c.controller_id = m.assigned_controller_id
                WHERE m.status <> 'ended' AND (m.assigned_controller_id IS NULL OR c.controller_id IS NULL
                    OR c.health_status = 'unhealthy' OR c.last_heartbeat_at < ?)
                ORDER BY m.created_at, m.meeting_id LIMIT\s""" + BATCH,
                (rs, i) -> new Orphan(rs.getObject(1, UUID.class), rs.getString(2)), cutoff);
        Map<UUID, String> regionOf = new LinkedHashMap<>();
        for (Orphan orphan : withoutController) {
            Candidate target = NodePlacement.leastLoaded(controllers, orphan.region());
            if (target == null) {
                log.warn("no healthy controller with room for meeting {}", orphan.meetingId());
                continue;
            }
            if (send(new AssignController(orphan.meetingId(), target.id(), target.region(), now), correlation)) {
                target.load()[0]++;
                controllerOf.put(orphan.meetingId(), target.id());
                regionOf.put(orphan.meetingId(), target.region());
            }
        }

        Map<UUID, String> handlerOf = new LinkedHashMap<>();
        List<Candidate> handlers = jdbc.query("""
                SELECT h.handler_id, h.region, h.max_streams,
                    (SELECT count(*) FROM meetings m WHERE m.metadata->>'media_handler_id' = h.handler_id
                        AND m.status <> 'ended') AS load
                FROM media_handlers h
                WHERE h.health_status = 'healthy' AND h.last_heartbeat_at >= ? AND h.current_streams < h.max_streams""",
                (rs, i) -> new Candidate(rs.getString(1), rs.getString(2), null, rs.getInt(3), new int[] {rs.getInt(4)}),
                cutoff);
        List<Orphan> withoutHandler = jdbc.query("""
                SELECT m.meeting_id, m.assigned_region FROM meetings m
                LEFT JOIN media_handlers h ON h.handler_id = m.metadata->>'media_handler_id'
                WHERE m.status <> 'ended' AND (m.metadata->>'media_handler_id' IS NULL OR h.handler_id IS NULL
                    OR h.health_status = 'unhealthy' OR h.last_heartbeat_at < ?)
                ORDER BY m.created_at, m.meeting_id LIMIT\s""" + BATCH,
                (rs, i) -> new Orphan(rs.getObject(1, UUID.class), rs.getString(2)), cutoff);
        for (Orphan orphan : withoutHandler) {
            Candidate target = NodePlacement.leastLoaded(handlers, regionOf.getOrDefault(orphan.meetingId(), orphan.region()));
            if (target == null) {
                continue;
            }
            if (send(new AssignMediaHandler(orphan.meetingId(), target.id(), now), correlation)) {
                target.load()[0]++;
                handlerOf.put(orphan.meetingId(), target.id());
            }
        }

        awaitReadModel(controllerOf, handlerOf);
        return new Outcome(true, unhealthy, controllerOf.size(), handlerOf.size());
    }

    private int markSilentNodesUnhealthy(Timestamp cutoff, Instant now, String correlation) {
        int marked = 0;
        for (Map<String, Object> silent : jdbc.queryForList("""
                SELECT controller_id AS id, last_heartbeat_at FROM meeting_controllers
                WHERE health_status <> 'unhealthy' AND last_heartbeat_at < ?""", cutoff)) {
            if (send(new ChangeControllerHealth((String) silent.get("id"), NodeHealth.UNHEALTHY,
                    silence(silent), now), correlation)) {
                marked++;
            }
        }
        for (Map<String, Object> silent : jdbc.queryForList("""
                SELECT handler_id AS id, last_heartbeat_at FROM media_handlers
                WHERE health_status <> 'unhealthy' AND last_heartbeat_at < ?""", cutoff)) {
            if (send(new ChangeMediaHandlerHealth((String) silent.get("id"), NodeHealth.UNHEALTHY,
                    silence(silent), now), correlation)) {
                marked++;
            }
        }
        return marked;
    }

    private String silence(Map<String, Object> row) {
        Instant last = ((Timestamp) row.get("last_heartbeat_at")).toInstant();
        return "no heartbeat since " + last + " (timeout " + properties.heartbeatTimeout() + ")";
    }

    /** Sends a command as the system; false when it was refused (a meeting that ended meanwhile, a node gone) or failed. */
    private boolean send(Object command, String correlation) {
        try {
            SystemCommands.send(commands, command, correlation);
            return true;
        } catch (Rejected e) {
            log.debug("node sweep: {} refused: {}", command, e.getMessage());
            return false;
        } catch (RuntimeException e) {
            // one command failing (the store away, a row the commands cannot take) must not stop the others
            log.warn("node sweep: {} failed; the next sweep tries again", command, e);
            return false;
        }
    }

    private void awaitReadModel(Map<UUID, String> controllerOf, Map<UUID, String> handlerOf) {
        long deadline = System.nanoTime() + properties.projectionWait().toNanos();
        List<UUID> pending = new ArrayList<>(controllerOf.keySet());
        pending.addAll(handlerOf.keySet());
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            pending.removeIf(meeting -> {
                List<Map<String, Object>> rows = jdbc.queryForList("""
                        SELECT status, assigned_controller_id, metadata->>'media_handler_id' AS handler
                        FROM meetings WHERE meeting_id = ?""", meeting);
                if (rows.isEmpty()) {
                    return true;
                }
                Map<String, Object> row = rows.get(0);
                return "ended".equals(row.get("status"))
                        || ((!controllerOf.containsKey(meeting) || controllerOf.get(meeting).equals(row.get("assigned_controller_id")))
                        && (!handlerOf.containsKey(meeting) || handlerOf.get(meeting).equals(row.get("handler"))));
            });
            if (!pending.isEmpty()) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
