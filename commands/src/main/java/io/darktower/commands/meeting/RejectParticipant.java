package io.darktower.commands.meeting;

import io.darktower.commands.validation.StorableInstant;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Turn a waiting participant away (the host or an admin); rejecting one no longer waiting changes nothing. */
public record RejectParticipant(
        @TargetAggregateIdentifier @NotNull UUID meetingId,
        @NotNull UUID participantId,
        UUID requestedByUserId,
        boolean requestedByAdmin,
        @NotNull @StorableInstant Instant requestedAt) {
}
