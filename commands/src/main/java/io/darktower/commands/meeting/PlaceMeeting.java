package io.darktower.commands.meeting;

import io.darktower.commands.validation.StorableInstant;
import io.darktower.commands.validation.Text;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Give the meeting its first controller, chosen by the caller (a join placing the meeting near its first
 * participant); a meeting that has one keeps it, so two joins placing at once cannot move it (moving is
 * {@link AssignController}'s, on failover). Answers the id of the controller the meeting has afterwards.
 */
public record PlaceMeeting(
        @TargetAggregateIdentifier @NotNull UUID meetingId,
        @Text(max = Meeting.MAX_NODE_ID, required = true) String controllerId,
        @Text(max = Meeting.MAX_REGION) String region,
        @NotNull @StorableInstant Instant requestedAt) {
}
