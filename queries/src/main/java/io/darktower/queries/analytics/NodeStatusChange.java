package io.darktower.queries.analytics;

import java.time.Instant;

/**
 * A node's own fact: registration, capacity, health or deregistration; the fields the change did not set are null.
 */
public record NodeStatusChange(String nodeType, Instant at, String change, String region, String health,
                               Integer maxMeetings, Integer maxParticipants, Integer maxStreams,
                               Integer maxBitrateMbps) {
}
