package io.darktower.commands.node;

import io.darktower.commands.validation.StorableInstant;
import io.darktower.commands.validation.Text;
import io.darktower.events.node.NodeIds;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Change how many meetings and participants a registered controller takes; the same limits again change nothing. */
public record ChangeControllerCapacity(
        @Text(max = NodeFields.MAX_ID, required = true) @Pattern(regexp = NodeFields.ID_PATTERN, message = NodeFields.ID_MESSAGE)
        String controllerId,
        @Min(1) @Max(NodeFields.MAX_CAPACITY) int maxMeetings,
        @Min(1) @Max(NodeFields.MAX_CAPACITY) int maxParticipants,
        @NotNull @StorableInstant Instant requestedAt) {

    @TargetAggregateIdentifier
    public UUID aggregateId() {
        return controllerId == null ? null : NodeIds.controller(controllerId);
    }
}
