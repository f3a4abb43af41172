package io.darktower.events.node;

import java.time.Instant;
import java.util.Objects;

/** The most meetings and participants the controller takes changed. */
public record ControllerCapacityChanged(String controllerId, int maxMeetings, int maxParticipants, Instant changedAt)
        implements ControllerEvent {

    public ControllerCapacityChanged {
        Objects.requireNonNull(controllerId, "controllerId");
        Objects.requireNonNull(changedAt, "changedAt");
    }
}
