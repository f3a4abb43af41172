package io.darktower.events.meeting;

import io.darktower.events.Personal;
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
        @Personal(subject = {"userId", "participantId"}) String displayName,
        Instant waitingSince,
        @Personal(subject = {"userId", "participantId"}) ConnectionInfo connection) implements MeetingEvent {

    public ParticipantWaiting {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(participantId, "participantId");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(waitingSince, "waitingSince");
        connection = connection == null ? ConnectionInfo.UNKNOWN : connection;
    }
}
