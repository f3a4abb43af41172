package io.darktower.commands.meeting;

import io.darktower.commands.validation.StorableInstant;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The publisher ends its stream; ending an ended stream changes nothing. */
public record UnpublishStream(
        @TargetAggregateIdentifier @NotNull UUID meetingId,
        @NotNull UUID streamId,
        @NotNull UUID participantId,
        @NotNull @StorableInstant Instant requestedAt) {
}
