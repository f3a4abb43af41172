package io.darktower.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One stored event as it travels on Kafka.
 *
 * @param aggregateSequence the event's sequence number within its aggregate (0, 1, 2, ...): consumers
 *                          use it to apply each event exactly once in effect
 * @param globalPosition    the event store's global index, assigned when the event was inserted: it grows with
 *                          insertion, and records on a partition follow commit order, so two transactions
 *                          committing out of insertion order may show it decreasing; per aggregate it rises
 * @param payload           the event itself, as stored; {@link EventJson#payload(EventEnvelope)} types it
 */
public record EventEnvelope(
        String eventId,
        String eventType,
        int schemaVersion,
        String aggregateType,
        String aggregateId,
        long aggregateSequence,
        long globalPosition,
        Instant occurredAt,
        EventMetadata metadata,
        JsonNode payload) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(aggregateType, "aggregateType");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(payload, "payload");
        metadata = metadata == null ? new EventMetadata(null, null, null, null, null, null) : metadata;
    }
}
