package io.darktower.events.meeting;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A participant session asked to join a meeting with a waiting room and waits for the host. {@code userId} is null
 * for guests.
 */
public record ParticipantWaiting(
        UUID meetingId,
        UUID participantId,
        UUID userId,
        String displayName,
        Instant waitingSince,
        ConnectionInfo connection) implements MeetingEvent {

    public ParticipantWaiting {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(participantId, "participantId");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(waitingSince, "waitingSince");
        connection = connection == null ? ConnectionInfo.UNKNOWN : connection;
    }
}
