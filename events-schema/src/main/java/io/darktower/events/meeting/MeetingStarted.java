package io.darktower.events.meeting;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** The first participant joined: the meeting went from scheduled to active. */
public record MeetingStarted(UUID meetingId, Instant startedAt) implements MeetingEvent {

    public MeetingStarted {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(startedAt, "startedAt");
    }
}
