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
 */
public record PublishStream(
        @TargetAggregateIdentifier @NotNull UUID meetingId,
        @NotNull UUID streamId,
        @NotNull UUID participantId,
        @NotNull StreamType streamType,
        @NotNull Codec codec,
        @Min(1) @Max(Meeting.MAX_BITRATE) long maxBitrate,
        @NotNull @StorableInstant Instant requestedAt) {
}
