package io.darktower.queries.node;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A media handler as {@code media_handlers} has it: registered facts plus its last heartbeat's counts. */
public record MediaHandlerView(
        String handlerId,
        String region,
        String endpoint,
        int maxStreams,
        int currentStreams,
        int maxBitrateMbps,
        int currentBitrateMbps,
        String healthStatus,
        Instant lastHeartbeatAt,
        boolean supportsTranscoding,
        boolean supportsMixing,
        List<String> supportedCodecs,
        Map<String, Object> metadata,
        Instant createdAt,
        Instant updatedAt) {
}
