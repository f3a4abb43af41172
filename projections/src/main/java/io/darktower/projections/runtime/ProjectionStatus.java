package io.darktower.projections.runtime;

import java.time.Instant;

/**
 * One projection as operators see it (health endpoint, metrics, admin API).
 *
 * @param state       RUNNING, REBUILDING, RETRYING (the store failed; the batch is retried), STALLED (no progress
 *                    while behind), or STOPPED (its thread ended)
 * @param reason      why it is not RUNNING, else null
 * @param parked      aggregates parked for this projection
 * @param lagRecords  records of its topics not yet applied (from the consumer group's committed offsets)
 * @param lagMillis   age of the oldest event not yet applied; 0 when caught up
 * @param rebuildDone events or aggregates rebuilt so far, when REBUILDING
 */
public record ProjectionStatus(String name, String state, String reason, long applied, int parked, long lagRecords,
                               long lagMillis, Instant lastAppliedAt, long rebuildDone, long rebuildTotal) {

    public boolean healthy() {
        return state.equals("RUNNING") || state.equals("REBUILDING");
    }
}
