package io.darktower.commands.meeting;

import io.darktower.commands.validation.StorableInstant;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Let a waiting participant in (the host or an admin); admitting a present participant again changes nothing. */
public record AdmitParticipant(
        @TargetAggregateIdentifier @NotNull UUID meetingId,
        @NotNull UUID participantId,
        UUID requestedByUserId,
        boolean requestedByAdmin,
        @NotNull @StorableInstant Instant requestedAt) {
}
