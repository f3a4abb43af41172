package io.darktower.events.meeting;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A participant's subscription ended (it asked, left, or the stream ended); {@code subscribers} is the count after
 * it.
 */
public record StreamUnsubscribed(
        UUID meetingId,
        UUID streamId,
        UUID subscriberId,
        int subscribers,
        Instant unsubscribedAt) implements MeetingEvent {

    public StreamUnsubscribed {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(subscriberId, "subscriberId");
        Objects.requireNonNull(unsubscribedAt, "unsubscribedAt");
    }
}
