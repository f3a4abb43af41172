package io.darktower.projections.runtime;

import io.darktower.events.EventEnvelope;

/** An event ready to project: its envelope and its typed payload. */
record Decoded(EventEnvelope envelope, Object event) {

    String aggregateId() {
        return envelope.aggregateId();
    }

    long sequence() {
        return envelope.aggregateSequence();
    }
}
