package io.darktower.events.node;

import java.time.Instant;
import java.util.Objects;

/** The media handler left the platform. */
public record MediaHandlerDeregistered(String handlerId, Instant deregisteredAt) implements MediaHandlerEvent {

    public MediaHandlerDeregistered {
        Objects.requireNonNull(handlerId, "handlerId");
        Objects.requireNonNull(deregisteredAt, "deregisteredAt");
    }
}
