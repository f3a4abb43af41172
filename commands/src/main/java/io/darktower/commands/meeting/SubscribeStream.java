package io.darktower.commands.meeting;

import io.darktower.commands.validation.StorableInstant;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A present participant subscribes to a live stream of another participant; subscribing again changes nothing. */
public record SubscribeStream(
        @TargetAggregateIdentifier @NotNull UUID meetingId,
        @NotNull UUID streamId,
        @NotNull UUID subscriberId,
        @NotNull @StorableInstant Instant requestedAt) {
}
