package io.darktower.commands.node;

import io.darktower.commands.validation.StorableInstant;
import io.darktower.commands.validation.Text;
import io.darktower.events.node.NodeHealth;
import io.darktower.events.node.NodeIds;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Record a registered controller's health, as it reports it or as the missed-heartbeat sweep finds it. The health it
 * already has changes nothing, whatever the reason.
 */
public record ChangeControllerHealth(
        @Text(max = NodeFields.MAX_ID, required = true) @Pattern(regexp = NodeFields.ID_PATTERN, message = NodeFields.ID_MESSAGE)
        String controllerId,
        @NotNull NodeHealth health,
        @Text(max = NodeFields.MAX_REASON) String reason,
        @NotNull @StorableInstant Instant requestedAt) {

    @TargetAggregateIdentifier
    public UUID aggregateId() {
        return controllerId == null ? null : NodeIds.controller(controllerId);
    }
}
