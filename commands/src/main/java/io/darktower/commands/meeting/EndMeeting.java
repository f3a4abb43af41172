package io.darktower.commands.meeting;

import io.darktower.commands.validation.StorableInstant;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * End a meeting for everyone. Ending an ended meeting changes nothing.
 *
 * @param requestedByUserId who asks; null when the caller is not a known user
 * @param requestedByAdmin  whether the caller acts as an administrator
 */
public record EndMeeting(
        @TargetAggregateIdentifier @NotNull UUID meetingId,
        UUID requestedByUserId,
        boolean requestedByAdmin,
        @NotNull @StorableInstant Instant requestedAt) {
}
