package io.darktower.events.node;

import java.time.Instant;
import java.util.Objects;

/** The most streams and bitrate the media handler takes changed. */
public record MediaHandlerCapacityChanged(String handlerId, int maxStreams, int maxBitrateMbps, Instant changedAt)
        implements MediaHandlerEvent {

    public MediaHandlerCapacityChanged {
        Objects.requireNonNull(handlerId, "handlerId");
        Objects.requireNonNull(changedAt, "changedAt");
    }
}
