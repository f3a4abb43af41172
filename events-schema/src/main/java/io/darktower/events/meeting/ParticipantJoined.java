package io.darktower.events.meeting;

import io.darktower.events.Personal;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A participant session entered the meeting. {@code userId} is null for guests. */
public record ParticipantJoined(
        UUID meetingId,
        UUID participantId,
        UUID userId,
        @Personal(subject = {"userId", "participantId"}) String displayName,
        Instant joinedAt,
        @Personal(subject = {"userId", "participantId"}) ConnectionInfo connection) implements MeetingEvent {

    public ParticipantJoined {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(participantId, "participantId");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(joinedAt, "joinedAt");
        connection = connection == null ? ConnectionInfo.UNKNOWN : connection;
    }
}
