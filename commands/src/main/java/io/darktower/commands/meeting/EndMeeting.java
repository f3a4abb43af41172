package io.darktower.commands.meeting;

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
        @TargetAggregateIdentifier UUID meetingId,
        UUID requestedByUserId,
        boolean requestedByAdmin,
        Instant requestedAt) {
}
