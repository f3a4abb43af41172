package io.darktower.events.node;

import java.time.Instant;
import java.util.Objects;

/** The controller left the platform: it gets no meetings, and those it had move to another. */
public record ControllerDeregistered(String controllerId, Instant deregisteredAt) implements ControllerEvent {

    public ControllerDeregistered {
        Objects.requireNonNull(controllerId, "controllerId");
        Objects.requireNonNull(deregisteredAt, "deregisteredAt");
    }
}
