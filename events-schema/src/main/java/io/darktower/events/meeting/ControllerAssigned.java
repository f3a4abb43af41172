package io.darktower.events.meeting;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** The meeting is handled by this meeting controller (first assignment or failover). */
public record ControllerAssigned(
        UUID meetingId,
        String controllerId,
        String region,
        Instant assignedAt) implements MeetingEvent {

    public ControllerAssigned {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(controllerId, "controllerId");
        Objects.requireNonNull(assignedAt, "assignedAt");
    }
}
