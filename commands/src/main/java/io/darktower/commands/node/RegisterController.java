package io.darktower.commands.node;

import io.darktower.commands.validation.StorableInstant;
import io.darktower.commands.validation.Text;
import io.darktower.events.node.NodeIds;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A meeting controller announces itself. Registering again with the same details is a retry and changes nothing;
 * with other details (a new version, endpoint or limits) it registers afresh.
 */
public record RegisterController(
        @Text(max = NodeFields.MAX_ID, required = true) @Pattern(regexp = NodeFields.ID_PATTERN, message = NodeFields.ID_MESSAGE)
        String controllerId,
        @Text(max = NodeFields.MAX_REGION, required = true) @Pattern(regexp = NodeFields.REGION_PATTERN, message = NodeFields.ID_MESSAGE)
        String region,
        @Text(max = NodeFields.MAX_ENDPOINT, required = true) @Pattern(regexp = NodeFields.ENDPOINT_PATTERN, message = NodeFields.ENDPOINT_MESSAGE)
        String endpoint,
        @Min(1) @Max(NodeFields.MAX_CAPACITY) int maxMeetings,
        @Min(1) @Max(NodeFields.MAX_CAPACITY) int maxParticipants,
        @Text(max = NodeFields.MAX_VERSION) String version,
        @NotNull @Size(max = NodeFields.MAX_METADATA_ENTRIES)
        Map<@Text(max = NodeFields.MAX_METADATA_KEY, required = true) String, @NotNull @Text(max = NodeFields.MAX_METADATA_VALUE) String> metadata,
        @NotNull @StorableInstant Instant requestedAt) {

    @TargetAggregateIdentifier
    public UUID aggregateId() {
        return controllerId == null ? null : NodeIds.controller(controllerId);
    }
}
