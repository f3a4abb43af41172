package io.darktower.projections.runtime;

/** An aggregate's event arrived before one it follows: an event was lost upstream. The projection stops. */
public final class SequenceGap extends IllegalStateException {

    public SequenceGap(String projection, String aggregateId, long lastApplied, long arrived) {
        super(projection + ": aggregate " + aggregateId + " last applied sequence " + lastApplied
                + " but sequence " + arrived + " arrived");
    }
}
