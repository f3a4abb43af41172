package io.darktower.events.node;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A meeting controller joined the platform (or registered again with other details, e.g. after an upgrade): it is
 * healthy and may be given meetings.
 *
 * @param version  the controller's software version, if it told
 * @param metadata free-form labels of the node (never secrets: events are kept forever)
 */
public record ControllerRegistered(
        String controllerId,
        String region,
        String endpoint,
        int maxMeetings,
        int maxParticipants,
        String version,
        Map<String, String> metadata,
        Instant registeredAt) implements ControllerEvent {

    public ControllerRegistered {
        Objects.requireNonNull(controllerId, "controllerId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(registeredAt, "registeredAt");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
