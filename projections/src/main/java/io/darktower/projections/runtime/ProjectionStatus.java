package io.darktower.projections.runtime;

import java.time.Instant;

/**
 * One projection as operators see it (health endpoint, metrics, admin API).
 *
 * @param reason      why it is not RUNNING, else null
 * @param parked      aggregates parked for this projection
 * @param lagRecords  records of its topics not yet applied (from the consumer group's committed offsets)
 * @param lagMillis   age of the oldest event not yet applied; 0 when caught up
 * @param rebuildDone events or aggregates rebuilt so far, when REBUILDING
 * @param rebuilds    rebuilds completed since start (requested, or after the store lost data)
 */
public record ProjectionStatus(String name, State state, String reason, long applied, int parked, long lagRecords,
                               long lagMillis, Instant lastAppliedAt, long rebuildDone, long rebuildTotal,
                               long rebuilds) {

    /** Where a projection is. */
    public enum State {
        STARTING,
        RUNNING,
        /** Rebuilding its read model from the event log while it keeps applying new events. */
        REBUILDING,
        /** Its store failed; the batch is retried after a back-off. */
        RETRYING,
        /** Behind, and no progress for a while. */
        STALLED,
        /** Its thread ended. */
        STOPPED
    }

    public boolean healthy() {
        return state == State.RUNNING || state == State.REBUILDING;
    }
}
