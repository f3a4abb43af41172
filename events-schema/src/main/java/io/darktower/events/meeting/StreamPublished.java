package io.darktower.events.meeting;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** A present participant published a media stream. {@code participantStreams} is the participant's published streams
 * after this one, in publishing order, so a read model writes the whole list instead of editing it. */
public record StreamPublished(
        UUID meetingId,
        UUID streamId,
        UUID participantId,
        StreamType streamType,
        Codec codec,
        long maxBitrate,
        Instant publishedAt,
        List<UUID> participantStreams) implements MeetingEvent {

    public StreamPublished {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(participantId, "participantId");
        Objects.requireNonNull(streamType, "streamType");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(publishedAt, "publishedAt");
        participantStreams = List.copyOf(participantStreams);
    }
}
