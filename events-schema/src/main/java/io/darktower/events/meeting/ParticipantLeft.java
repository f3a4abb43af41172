package io.darktower.events.meeting;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A participant session left the meeting, for the given reason. */
public record ParticipantLeft(UUID meetingId, UUID participantId, LeaveReason reason, Instant leftAt)
        implements MeetingEvent {

    public ParticipantLeft {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(participantId, "participantId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(leftAt, "leftAt");
    }
}
