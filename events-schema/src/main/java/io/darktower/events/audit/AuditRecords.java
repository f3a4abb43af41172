package io.darktower.events.audit;

import io.darktower.events.AggregateType;
import io.darktower.events.EventEnvelope;
import io.darktower.events.EventJson;
import io.darktower.events.EventMetadata;
import io.darktower.events.EventType;

/**
 * Records for the audit trail that no aggregate stores: security-relevant refusals. Described like an aggregate type,
 * so the audit projection reads their topic ({@code darktower.refusal.events}) with the same runtime as the event
 * topics, but deliberately not in {@code Aggregates.ALL}: the event store holds none of them and the relay publishes
 * none of them.
 */
public final class AuditRecords {

    public static final AggregateType<RefusalEvent> REFUSAL =
            new AggregateType<>("refusal", RefusalEvent.class, RefusalEvent::refusalId);

    /** Sequence of a refusal record: each refusal is a stream of one. */
    public static final long REFUSAL_SEQUENCE = 0;
    /** Global position of a record the event store never held. */
    public static final long NOT_STORED = -1;

    private AuditRecords() {
    }

    /** The envelope a refusal travels in, as an event would: metadata says who asked and from where. */
    public static EventEnvelope envelope(CommandRefused refusal, EventMetadata metadata) {
        EventType type = REFUSAL.eventType(refusal.getClass());
        return new EventEnvelope(refusal.refusalId().toString(), type.name(), type.version(), type.aggregateType(),
                refusal.refusalId().toString(), REFUSAL_SEQUENCE, NOT_STORED, refusal.refusedAt(), metadata,
                EventJson.mapper().valueToTree(refusal));
    }
}
