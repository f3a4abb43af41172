package io.darktower.events.meeting;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** A stream ended: its publisher stopped it or left. Its subscribers' {@link StreamUnsubscribed} come first.
 * {@code participantStreams} is the publisher's published streams after this one. */
public record StreamUnpublished(
        UUID meetingId,
        UUID streamId,
        UUID participantId,
        Instant unpublishedAt,
        List<UUID> participantStreams) implements MeetingEvent {

    public StreamUnpublished {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(participantId, "participantId");
        Objects.requireNonNull(unpublishedAt, "unpublishedAt");
        participantStreams = List.copyOf(participantStreams);
    }
}
