package io.darktower.commands.meeting;

import io.darktower.commands.validation.StorableInstant;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A participant drops a subscription; dropping one it does not hold changes nothing. */
public record UnsubscribeStream(
        @TargetAggregateIdentifier @NotNull UUID meetingId,
        @NotNull UUID streamId,
        @NotNull UUID subscriberId,
        @NotNull @StorableInstant Instant requestedAt) {
}
