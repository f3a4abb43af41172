package io.darktower.gateway.node;

import io.darktower.events.node.NodeHealth;
import io.darktower.readmodel.RedisKeys;
import io.darktower.readmodel.RedisKeys.ControllerCapacityFields;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Heartbeats are telemetry, not facts: they refresh the node's row ({@code current_*}, {@code last_heartbeat_at}) and,
 * for a controller, {@code controller:{id}:capacity} with all six fields and a fresh TTL, with no event. A row that is
 * not there is a node that is not registered (or not yet visible, for the few milliseconds after its registration).
 */
@Component
public class NodeTelemetry {

    /** What a node's row held when its heartbeat was recorded. */
    public record Recorded(NodeHealth knownHealth, int maxMeetings, int maxParticipants) {
    }

    private final DatabaseClient db;
    private final RedisReactiveCommands<String, String> redis;

    public NodeTelemetry(DatabaseClient db, RedisReactiveCommands<String, String> redis) {
        this.db = db;
        this.redis = redis;
    }

    /**
     * Records a controller's heartbeat; empty when the controller is not registered.
     *
     * @param reported the health it reports, or null; the capacity hash shows it at once (the fact follows as an event)
     */
    public Mono<Recorded> controllerBeat(String controllerId, int meetings, int participants, NodeHealth reported,
                                         Instant at) {
        return db.sql("""
                        UPDATE meeting_controllers
                        SET current_meetings = :meetings, current_participants = :participants, last_heartbeat_at = :at
                        WHERE controller_id = :id
                        RETURNING health_status, max_meetings, max_participants""")
                .bind("meetings", meetings).bind("participants", participants).bind("at", timestamp(at))
                .bind("id", controllerId)
                .map(row -> new Recorded(NodeHealth.fromWire(row.get("health_status", String.class)),
                        row.get("max_meetings", Integer.class), row.get("max_participants", Integer.class)))
                .one()
                .flatMap(recorded -> {
                    String key = RedisKeys.controllerCapacity(controllerId);
                    NodeHealth health = reported == null ? recorded.knownHealth() : reported;
                    return redis.hset(key, Map.of(
                                    ControllerCapacityFields.MAX_MEETINGS, Integer.toString(recorded.maxMeetings()),
                                    ControllerCapacityFields.CURRENT_MEETINGS, Integer.toString(meetings),
                                    ControllerCapacityFields.MAX_PARTICIPANTS, Integer.toString(recorded.maxParticipants()),
                                    ControllerCapacityFields.CURRENT_PARTICIPANTS, Integer.toString(participants),
                                    ControllerCapacityFields.HEALTH, health.wire(),
                                    ControllerCapacityFields.LAST_UPDATE, Long.toString(at.getEpochSecond())))
                            .then(redis.expire(key, RedisKeys.CONTROLLER_CAPACITY_TTL))
                            .thenReturn(recorded);
                });
    }

    /** Records a media handler's heartbeat; empty when the handler is not registered. */
    public Mono<NodeHealth> mediaHandlerBeat(String handlerId, int streams, int bitrateMbps, Instant at) {
        return db.sql("""
                        UPDATE media_handlers
                        SET current_streams = :streams, current_bitrate_mbps = :bitrate, last_heartbeat_at = :at
                        WHERE handler_id = :id
                        RETURNING health_status""")
                .bind("streams", streams).bind("bitrate", bitrateMbps).bind("at", timestamp(at)).bind("id", handlerId)
                .map(row -> NodeHealth.fromWire(row.get("health_status", String.class)))
                .one();
    }

    private static OffsetDateTime timestamp(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
