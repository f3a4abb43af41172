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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A media handler announces itself with what it can do. Registering again with the same details is a retry and
 * changes nothing; with other details it registers afresh.
 */
public record RegisterMediaHandler(
        @Text(max = NodeFields.MAX_ID, required = true) @Pattern(regexp = NodeFields.ID_PATTERN, message = NodeFields.ID_MESSAGE)
        String handlerId,
        @Text(max = NodeFields.MAX_REGION, required = true) @Pattern(regexp = NodeFields.REGION_PATTERN, message = NodeFields.ID_MESSAGE)
        String region,
        @Text(max = NodeFields.MAX_ENDPOINT, required = true) @Pattern(regexp = NodeFields.ENDPOINT_PATTERN, message = NodeFields.ENDPOINT_MESSAGE)
        String endpoint,
        @Min(1) @Max(NodeFields.MAX_CAPACITY) int maxStreams,
        @Min(1) @Max(NodeFields.MAX_CAPACITY) int maxBitrateMbps,
        boolean supportsTranscoding,
        boolean supportsMixing,
        @NotNull @Size(max = NodeFields.MAX_CODECS)
        List<@Text(max = NodeFields.MAX_CODEC, required = true) @Pattern(regexp = NodeFields.ID_PATTERN, message = NodeFields.ID_MESSAGE) String> supportedCodecs,
        @Text(max = NodeFields.MAX_VERSION) String version,
        @NotNull @Size(max = NodeFields.MAX_METADATA_ENTRIES)
        Map<@Text(max = NodeFields.MAX_METADATA_KEY, required = true) String, @NotNull @Text(max = NodeFields.MAX_METADATA_VALUE) String> metadata,
        @NotNull @StorableInstant Instant requestedAt) {

    /** The seed's {@code supported_codecs} default. */
    public static final List<String> DEFAULT_CODECS = List.of("VP9", "AV1", "H264", "Opus");

    @TargetAggregateIdentifier
    public UUID aggregateId() {
        return handlerId == null ? null : NodeIds.mediaHandler(handlerId);
    }
}
