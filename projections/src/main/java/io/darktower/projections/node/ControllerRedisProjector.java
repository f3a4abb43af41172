package io.darktower.projections.node;

import static io.darktower.projections.runtime.RedisWrites.Op.del;
import static io.darktower.projections.runtime.RedisWrites.Op.expireAt;
import static io.darktower.projections.runtime.RedisWrites.Op.hincrby;
import static io.darktower.projections.runtime.RedisWrites.Op.hset;

import io.darktower.events.AggregateType;
import io.darktower.events.Aggregates;
import io.darktower.events.EventEnvelope;
import io.darktower.events.node.ControllerCapacityChanged;
import io.darktower.events.node.ControllerDeregistered;
import io.darktower.events.node.ControllerEvent;
import io.darktower.events.node.ControllerHealthChanged;
import io.darktower.events.node.ControllerRegistered;
import io.darktower.events.node.NodeHealth;
import io.darktower.projections.runtime.RedisProjector;
import io.darktower.projections.runtime.RedisWrites;
import io.darktower.readmodel.RedisKeys;
import io.darktower.readmodel.RedisKeys.ControllerCapacityFields;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The facts in {@code controller:{id}:capacity}: limits and health. Its current counts are the heartbeats' (they
 * write all six fields and refresh the TTL); a registration only makes sure the counts exist ({@code HINCRBY 0}
 * leaves a count a heartbeat already wrote). Each fact keeps the key {@link RedisKeys#CONTROLLER_CAPACITY_TTL}
 * after its own time, so a replay sets the same deadline and a node that stopped beating is not revived by one.
 */
public final class ControllerRedisProjector implements RedisProjector<ControllerEvent> {

    public static final String NAME = "meeting-controller-redis";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AggregateType<ControllerEvent> aggregate() {
        return Aggregates.MEETING_CONTROLLER;
    }

    /**
     * None: the key is named by the controller's id, which its aggregate id (a name-based UUID) does not give back.
     * Every write here is absolute, so a replay over the old key reproduces the facts; the counts are telemetry.
     */
    @Override
    public List<String> keysOf(String aggregateId) {
        return List.of();
    }

    @Override
    public RedisWrites project(ControllerEvent event, EventEnvelope envelope) {
        String key = RedisKeys.controllerCapacity(event.controllerId());
        return switch (event) {
            case ControllerRegistered e -> RedisWrites.of(
                    hset(key, Map.of(
                            ControllerCapacityFields.MAX_MEETINGS, Integer.toString(e.maxMeetings()),
                            ControllerCapacityFields.MAX_PARTICIPANTS, Integer.toString(e.maxParticipants()),
                            ControllerCapacityFields.HEALTH, NodeHealth.HEALTHY.wire(),
                            ControllerCapacityFields.LAST_UPDATE, epochSeconds(e.registeredAt()))),
                    hincrby(key, ControllerCapacityFields.CURRENT_MEETINGS, 0),
                    hincrby(key, ControllerCapacityFields.CURRENT_PARTICIPANTS, 0),
                    expireAt(key, e.registeredAt(), RedisKeys.CONTROLLER_CAPACITY_TTL));
            case ControllerCapacityChanged e -> RedisWrites.of(
                    hset(key, Map.of(
                            ControllerCapacityFields.MAX_MEETINGS, Integer.toString(e.maxMeetings()),
                            ControllerCapacityFields.MAX_PARTICIPANTS, Integer.toString(e.maxParticipants()),
                            ControllerCapacityFields.LAST_UPDATE, epochSeconds(e.changedAt()))),
                    expireAt(key, e.changedAt(), RedisKeys.CONTROLLER_CAPACITY_TTL));
            case ControllerHealthChanged e -> RedisWrites.of(
                    hset(key, Map.of(
                            ControllerCapacityFields.HEALTH, e.health().wire(),
                            ControllerCapacityFields.LAST_UPDATE, epochSeconds(e.changedAt()))),
                    expireAt(key, e.changedAt(), RedisKeys.CONTROLLER_CAPACITY_TTL));
            case ControllerDeregistered e -> RedisWrites.of(del(key));
        };
    }

    private static String epochSeconds(Instant instant) {
        return Long.toString(instant.getEpochSecond());
    }
}
