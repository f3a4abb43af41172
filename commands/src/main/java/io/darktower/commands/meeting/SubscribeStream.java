package io.darktower.commands.meeting;

import io.darktower.commands.validation.StorableInstant;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A present participant subscribes to a live stream of another participant; subscribing again changes nothing.
 *
 * @param requestedBy who asks over the API: only the subscriber itself subscribes; null when the platform acts
 */
public record SubscribeStream(
        @TargetAggregateIdentifier @NotNull UUID meetingId,
        @NotNull UUID streamId,
        @NotNull UUID subscriberId,
        Requester requestedBy,
        @NotNull @StorableInstant Instant requestedAt) {

    /** The platform subscribes on the participant's behalf (a media node's layout). */
    public SubscribeStream(UUID meetingId, UUID streamId, UUID subscriberId, Instant requestedAt) {
        this(meetingId, streamId, subscriberId, null, requestedAt);
    }
}
