package io.darktower.events.meeting;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** The meeting is over: nobody joins it again. Every participant still present left just before. */
public record MeetingEnded(UUID meetingId, EndReason reason, Instant endedAt) implements MeetingEvent {

    public MeetingEnded {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(endedAt, "endedAt");
    }
}
