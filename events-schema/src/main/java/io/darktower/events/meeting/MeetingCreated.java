package io.darktower.events.meeting;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A meeting was scheduled; it is not active until its first participant joins. */
public record MeetingCreated(
        UUID meetingId,
        String meetingCode,
        String displayName,
        int maxParticipants,
        MeetingSettings settings,
        Instant scheduledStartTime,
        UUID createdByUserId,
        Instant createdAt) implements MeetingEvent {

    public MeetingCreated {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(meetingCode, "meetingCode");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
