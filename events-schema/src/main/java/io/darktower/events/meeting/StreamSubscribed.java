package io.darktower.events.meeting;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A present participant subscribed to a stream; {@code subscribers} is the stream's subscriber count after it. */
public record StreamSubscribed(
        UUID meetingId,
        UUID streamId,
        UUID subscriberId,
        int subscribers,
        Instant subscribedAt) implements MeetingEvent {

    public StreamSubscribed {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(subscriberId, "subscriberId");
        Objects.requireNonNull(subscribedAt, "subscribedAt");
    }
}
