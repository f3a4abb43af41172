package io.darktower.events.meeting;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** The meeting's media is forwarded by this media handler. */
public record MediaHandlerAssigned(UUID meetingId, String mediaHandlerId, Instant assignedAt) implements MeetingEvent {

    public MediaHandlerAssigned {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(mediaHandlerId, "mediaHandlerId");
        Objects.requireNonNull(assignedAt, "assignedAt");
    }
}
