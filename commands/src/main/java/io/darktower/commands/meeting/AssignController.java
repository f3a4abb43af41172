package io.darktower.commands.meeting;

import io.darktower.commands.validation.StorableInstant;
import io.darktower.commands.validation.Text;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Hand the meeting to a meeting controller (first assignment or failover); the same controller again changes nothing. */
public record AssignController(
        @TargetAggregateIdentifier @NotNull UUID meetingId,
        @Text(max = Meeting.MAX_NODE_ID, required = true) String controllerId,
        @Text(max = Meeting.MAX_REGION) String region,
        @NotNull @StorableInstant Instant requestedAt) {
}
