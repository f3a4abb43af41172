package io.darktower.events.meeting;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Retention: the meeting ended long enough ago ({@code Meeting.RETENTION_AFTER_END}, the seed's 90 days) that its
 * rows leave the read models: {@code meetings} and, with it, its {@code meeting_participants}. The events before this
 * one stay in the log; a read model rebuilt from the log applies this one too, so the rows do not come back.
 *
 * @param endedAt  when the meeting ended (from its {@link MeetingEnded}), the start of its retention
 * @param purgedAt when the retention job asked
 */
public record MeetingPurged(UUID meetingId, Instant endedAt, Instant purgedAt) implements MeetingEvent {

    public MeetingPurged {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(purgedAt, "purgedAt");
    }
}
