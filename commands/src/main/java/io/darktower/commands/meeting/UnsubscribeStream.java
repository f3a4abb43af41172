package io.darktower.commands.meeting;

import io.darktower.commands.validation.StorableInstant;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A participant drops a subscription; dropping one it does not hold changes nothing.
 *
 * @param requestedBy who asks over the API: only the subscriber itself unsubscribes; null when the platform acts
 */
public record UnsubscribeStream(
        @TargetAggregateIdentifier @NotNull UUID meetingId,
        @NotNull UUID streamId,
        @NotNull UUID subscriberId,
        Requester requestedBy,
        @NotNull @StorableInstant Instant requestedAt) {

    /** The platform drops the subscription on the participant's behalf. */
    public UnsubscribeStream(UUID meetingId, UUID streamId, UUID subscriberId, Instant requestedAt) {
        this(meetingId, streamId, subscriberId, null, requestedAt);
    }
}
