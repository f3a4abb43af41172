package io.darktower.commands.node;

import io.darktower.commands.validation.StorableInstant;
import io.darktower.commands.validation.Text;
import io.darktower.events.node.NodeIds;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A media handler leaves the platform; the second time changes nothing. */
public record DeregisterMediaHandler(
        @Text(max = NodeFields.MAX_ID, required = true) @Pattern(regexp = NodeFields.ID_PATTERN, message = NodeFields.ID_MESSAGE)
        String handlerId,
        @NotNull @StorableInstant Instant requestedAt) {

    @TargetAggregateIdentifier
    public UUID aggregateId() {
        return handlerId == null ? null : NodeIds.mediaHandler(handlerId);
    }
}
