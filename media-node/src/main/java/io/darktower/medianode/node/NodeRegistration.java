package io.darktower.medianode.node;

import io.darktower.commands.node.ChangeControllerHealth;
import io.darktower.commands.node.ChangeMediaHandlerHealth;
import io.darktower.commands.node.DeregisterController;
import io.darktower.commands.node.DeregisterMediaHandler;
import io.darktower.commands.node.RegisterController;
import io.darktower.commands.node.RegisterMediaHandler;
import io.darktower.events.EventMetadata;
import io.darktower.events.node.NodeHealth;
import io.darktower.readmodel.RedisKeys;
import io.darktower.readmodel.RedisKeys.ControllerCapacityFields;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.JdbcTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node in the platform's registries. A media node is both roles of DESIGN §3's registries: the meeting controller
 * the gateway places a meeting on (its endpoint is the WebTransport URL a join answers as {@code signalingUrl}) and
 * the media handler that forwards the meeting's streams. On start it registers as both (commands, so events) and says
 * it is healthy (a node marked unhealthy while it was away comes back); then it beats: its load (meetings,
 * participants, streams, bitrate) goes to the registries' rows and {@code controller:{id}:capacity} as telemetry, not
 * events, as the gateway's heartbeat endpoints write them. On a graceful stop it deregisters, so the node sweeper moves
 * its meetings at once; a node that dies just stops beating, and the sweeper finds it silent.
 */
public final class NodeRegistration implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodeRegistration.class);

    /** Who the node is and what it takes. */
    public record Identity(String nodeId, String region, int maxMeetings, int maxParticipants, int maxStreams,
                           int maxBitrateMbps, String version) {
    }

    /** What the node carries now. */
    public record Load(int meetings, int participants, int streams, int bitrateMbps) {
    }

    private final CommandGateway commands;
    private final JdbcTemplate jdbc;
    private final RedisAsyncCommands<String, String> redis;
    private final Identity identity;
    private final Duration interval;
    private final Supplier<Load> load;
    private final Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    private ScheduledExecutorService heart;
    private volatile boolean registered;

    public NodeRegistration(CommandGateway commands, JdbcTemplate jdbc, RedisAsyncCommands<String, String> redis,
                            Identity identity, Duration interval, Supplier<Load> load) {
        this.commands = commands;
        this.jdbc = jdbc;
        this.redis = redis;
        this.identity = identity;
        this.interval = interval;
        this.load = load;
    }

    public Identity identity() {
        return identity;
    }

    /** Registers both roles at {@code endpoint} (blocking) and starts beating. */
    public synchronized void register(String endpoint) {
        Instant now = clock.instant();
        send(new RegisterController(identity.nodeId(), identity.region(), endpoint, identity.maxMeetings(),
                identity.maxParticipants(), identity.version(), Map.of("role", "media-node"), now));
        send(new ChangeControllerHealth(identity.nodeId(), NodeHealth.HEALTHY, "registered", now));
        send(new RegisterMediaHandler(identity.nodeId(), identity.region(), endpoint, identity.maxStreams(),
                identity.maxBitrateMbps(), false, false, RegisterMediaHandler.DEFAULT_CODECS, identity.version(),
                Map.of("role", "media-node"), now));
        send(new ChangeMediaHandlerHealth(identity.nodeId(), NodeHealth.HEALTHY, "registered", now));
        registered = true;
        heart = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "media-node-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heart.scheduleWithFixedDelay(this::beatQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("media node {} registered at {} (region {}, heartbeat every {})", identity.nodeId(), endpoint,
                identity.region(), interval);
    }

    /** Stops beating and leaves both registries (blocking): the sweeper gives its meetings to other nodes. */
    public synchronized void deregister() {
        halt();
        if (!registered) {
            return;
        }
        registered = false;
        Instant now = clock.instant();
        try {
            send(new DeregisterController(identity.nodeId(), now));
            send(new DeregisterMediaHandler(identity.nodeId(), now));
            log.info("media node {} deregistered", identity.nodeId());
        } catch (RuntimeException e) {
            log.warn("media node {} could not deregister; the sweeper will find it silent", identity.nodeId(), e);
        }
    }

    /** Stops beating, and nothing else: what a node that dies does. */
    public synchronized void halt() {
        if (heart != null) {
            heart.shutdownNow();
            heart = null;
        }
    }

    private void beatQuietly() {
        try {
            beat();
        } catch (RuntimeException e) {
            log.warn("media node {}: heartbeat failed; the next one tries again: {}", identity.nodeId(), e.toString());
        }
    }

    /** One heartbeat: the rows' load and {@code last_heartbeat_at}, and the controller's capacity hash. */
    void beat() {
        Load now = load.get();
        Instant at = clock.instant();
        Timestamp stamp = Timestamp.from(at);
        jdbc.update("UPDATE meeting_controllers SET current_meetings = ?, current_participants = ?, last_heartbeat_at = ?"
                + " WHERE controller_id = ?", now.meetings(), now.participants(), stamp, identity.nodeId());
        jdbc.update("UPDATE media_handlers SET current_streams = ?, current_bitrate_mbps = ?, last_heartbeat_at = ?"
                + " WHERE handler_id = ?", now.streams(), now.bitrateMbps(), stamp, identity.nodeId());
        String key = RedisKeys.controllerCapacity(identity.nodeId());
        redis.hset(key, Map.of(
                ControllerCapacityFields.MAX_MEETINGS, Integer.toString(identity.maxMeetings()),
                ControllerCapacityFields.CURRENT_MEETINGS, Integer.toString(now.meetings()),
                ControllerCapacityFields.MAX_PARTICIPANTS, Integer.toString(identity.maxParticipants()),
                ControllerCapacityFields.CURRENT_PARTICIPANTS, Integer.toString(now.participants()),
                ControllerCapacityFields.HEALTH, NodeHealth.HEALTHY.wire(),
                ControllerCapacityFields.LAST_UPDATE, Long.toString(at.getEpochSecond())));
        redis.expire(key, RedisKeys.CONTROLLER_CAPACITY_TTL);
    }

    private void send(Object command) {
        EventMetadata metadata = new EventMetadata(null, EventMetadata.ACTOR_SYSTEM, "media-node-" + UUID.randomUUID(),
                null, null, null);
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(MetaData.from(metadata.toMap())));
    }

    @Override
    public void close() {
        halt();
    }
}
