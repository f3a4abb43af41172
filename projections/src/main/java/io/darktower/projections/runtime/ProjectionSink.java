package io.darktower.projections.runtime;

import java.util.List;

/**
 * One read store as the runner drives it. Applies events exactly once in effect per aggregate (a sequence guard kept
 * with the data), heals a gap from the {@link EventLog}, and tells a failure of the store ({@link StoreUnavailable})
 * from the rejection of an event (any other exception).
 */
interface ProjectionSink {

    /** Applies the events, in order per aggregate; all of them or, where the store cannot promise that, idempotently. */
    void apply(List<Decoded> events) throws Exception;

    /** Records that an aggregate's event was applied without applying it: an operator skipped it. */
    void skip(String aggregateId, long sequence) throws Exception;

    /** A job that rebuilds this store's read model from the event log, step by step on the runner's thread. */
    Rebuild rebuild();

    /**
     * A job that replays the event log up to a point in time into a copy kept beside the live read model (its own
     * schema or key prefix): the live store is not touched, so it may run on any thread.
     */
    Rebuild copyAsOf(Replay replay);

    /** Whether the store lost data on its own (a Redis flushed or restarted empty): the runner rebuilds it then. */
    default boolean lostData() throws Exception {
        return false;
    }
}
