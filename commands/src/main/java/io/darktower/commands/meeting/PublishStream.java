package io.darktower.commands.meeting;

import io.darktower.commands.validation.StorableInstant;
import io.darktower.events.meeting.Codec;
import io.darktower.events.meeting.StreamType;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A present participant publishes a stream. The stream id comes from the request's idempotency key, so a retry
 * answers with the same stream and publishes nothing.
 *
 * @param requestedBy who asks over the API: only the participant itself publishes; null when the platform acts
 */
public record PublishStream(
        @TargetAggregateIdentifier @NotNull UUID meetingId,
        @NotNull UUID streamId,
        @NotNull UUID participantId,
        @NotNull StreamType streamType,
        @NotNull Codec codec,
        @Min(1) @Max(Meeting.MAX_BITRATE) long maxBitrate,
        Requester requestedBy,
        @NotNull @StorableInstant Instant requestedAt) {

    /** The platform publishes on the participant's behalf (a media node's admitted session). */
    public PublishStream(UUID meetingId, UUID streamId, UUID participantId, StreamType streamType, Codec codec,
                         long maxBitrate, Instant requestedAt) {
        this(meetingId, streamId, participantId, streamType, codec, maxBitrate, null, requestedAt);
    }
}
