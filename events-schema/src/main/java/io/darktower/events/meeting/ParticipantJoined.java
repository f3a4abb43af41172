package io.darktower.events.meeting;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A participant session entered the meeting. {@code userId} is null for guests. */
public record ParticipantJoined(
        UUID meetingId,
        UUID participantId,
        UUID userId,
        String displayName,
        Instant joinedAt,
        ConnectionInfo connection) implements MeetingEvent {

    public ParticipantJoined {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(participantId, "participantId");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(joinedAt, "joinedAt");
        connection = connection == null ? ConnectionInfo.UNKNOWN : connection;
    }
}
