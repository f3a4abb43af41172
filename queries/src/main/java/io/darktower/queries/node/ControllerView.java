package io.darktower.queries.node;

import java.time.Instant;
import java.util.Map;

/** A meeting controller as {@code meeting_controllers} has it: registered facts plus its last heartbeat's counts. */
public record ControllerView(
        String controllerId,
        String region,
        String endpoint,
        int maxMeetings,
        int currentMeetings,
        int maxParticipants,
        int currentParticipants,
        String healthStatus,
        Instant lastHeartbeatAt,
        String version,
        Map<String, Object> metadata,
        Instant createdAt,
        Instant updatedAt) {
}
