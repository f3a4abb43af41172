package io.darktower.projections.runtime;

import io.darktower.events.EventEnvelope;
import java.util.List;

/**
 * Turns events into a read model. Must apply each event exactly once in effect: events can arrive again
 * (consumer restarts, relay redelivery), always in aggregate order.
 */
public interface Projection {

    /** The consumer group, and the name under which the projection records its progress. */
    String name();

    /** Applies a batch, atomically where the store allows; a failure makes the runner retry the whole batch. */
    void apply(List<EventEnvelope> batch) throws Exception;
}
