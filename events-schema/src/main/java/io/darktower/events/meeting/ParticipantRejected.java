package io.darktower.events.meeting;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** The host turned a waiting participant away; the session never joined. */
public record ParticipantRejected(
        UUID meetingId,
        UUID participantId,
        UUID rejectedByUserId,
        Instant rejectedAt) implements MeetingEvent {

    public ParticipantRejected {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(participantId, "participantId");
        Objects.requireNonNull(rejectedAt, "rejectedAt");
    }
}
