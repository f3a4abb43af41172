package io.darktower.events.meeting;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** The host changed the meeting's name, capacity, switches or scheduled start; each field is the new whole value. */
public record MeetingSettingsChanged(
        UUID meetingId,
        String displayName,
        int maxParticipants,
        MeetingSettings settings,
        Instant scheduledStartTime,
        Instant changedAt) implements MeetingEvent {

    public MeetingSettingsChanged {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(changedAt, "changedAt");
    }
}
