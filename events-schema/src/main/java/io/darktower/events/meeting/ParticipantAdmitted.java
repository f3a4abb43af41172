package io.darktower.events.meeting;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** The host let a waiting participant in; the participant's {@link ParticipantJoined} follows. */
public record ParticipantAdmitted(
        UUID meetingId,
        UUID participantId,
        UUID admittedByUserId,
        Instant admittedAt) implements MeetingEvent {

    public ParticipantAdmitted {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(participantId, "participantId");
        Objects.requireNonNull(admittedAt, "admittedAt");
    }
}
