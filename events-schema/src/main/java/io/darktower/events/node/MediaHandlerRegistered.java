package io.darktower.events.node;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A media handler joined the platform (or registered again with other details): healthy, it may carry meetings'
 * media.
 *
 * @param supportedCodecs the codecs it forwards, e.g. {@code VP9}, {@code Opus}
 * @param metadata        free-form labels of the node (never secrets: events are kept forever)
 */
public record MediaHandlerRegistered(
        String handlerId,
        String region,
        String endpoint,
        int maxStreams,
        int maxBitrateMbps,
        boolean supportsTranscoding,
        boolean supportsMixing,
        List<String> supportedCodecs,
        String version,
        Map<String, String> metadata,
        Instant registeredAt) implements MediaHandlerEvent {

    public MediaHandlerRegistered {
        Objects.requireNonNull(handlerId, "handlerId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(registeredAt, "registeredAt");
        supportedCodecs = supportedCodecs == null ? List.of() : List.copyOf(supportedCodecs);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
