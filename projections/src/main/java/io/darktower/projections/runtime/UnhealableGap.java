package io.darktower.projections.runtime;

/** An aggregate's earlier events are missing from Kafka and from the event store: that aggregate is parked. */
final class UnhealableGap extends IllegalStateException {

    UnhealableGap(String projection, String aggregateId, long lastApplied, long arrived) {
        super(projection + ": aggregate " + aggregateId + " last applied sequence " + lastApplied + " but sequence "
                + arrived + " arrived, and the event log does not hold the events between");
    }
}
