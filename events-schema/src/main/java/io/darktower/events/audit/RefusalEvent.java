package io.darktower.events.audit;

import java.util.UUID;

/**
 * A refusal that matters for security, recorded for the audit trail. Not an event-sourced aggregate: a refused
 * command appends nothing to the event store, so the edge that refused it publishes the record to
 * {@link AuditRecords#REFUSAL}'s topic itself, and each refusal is a stream of one record.
 */
public sealed interface RefusalEvent permits CommandRefused {

    /** The refusal's own id: its Kafka key, and what keeps it one audit row when delivered twice. */
    UUID refusalId();
}
