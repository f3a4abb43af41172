package io.darktower.gateway.retention;

import java.time.Instant;
import java.util.Map;

/**
 * What one retention run did.
 *
 * @param ran                     false when another run (here or on another instance) held the lock: nothing done
 * @param at                      the run's time, the "now" every retention period is measured from
 * @param deleted                 per {@link RetentionKind#wire() kind}, what this run removed (each an event, but for
 *                                audit partitions and rows)
 * @param auditPartitionsCreated  audit_logs months created ahead
 */
public record RetentionReport(boolean ran, Instant at, Map<String, Long> deleted, int auditPartitionsCreated) {

    static RetentionReport skipped(Instant at) {
        return new RetentionReport(false, at, Map.of(), 0);
    }

    public long total() {
        return deleted.values().stream().mapToLong(Long::longValue).sum();
    }
}
