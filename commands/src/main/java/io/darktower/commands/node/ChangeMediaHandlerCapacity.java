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

/** Change how many streams and how much bitrate a registered media handler takes; the same limits change nothing. */
public record ChangeMediaHandlerCapacity(
        @Text(max = NodeFields.MAX_ID, required = true) @Pattern(regexp = NodeFields.ID_PATTERN, message = NodeFields.ID_MESSAGE)
        String handlerId,
        @Min(1) @Max(NodeFields.MAX_CAPACITY) int maxStreams,
        @Min(1) @Max(NodeFields.MAX_CAPACITY) int maxBitrateMbps,
        @NotNull @StorableInstant Instant requestedAt) {

    @TargetAggregateIdentifier
    public UUID aggregateId() {
        return handlerId == null ? null : NodeIds.mediaHandler(handlerId);
    }
}
