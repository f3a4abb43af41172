package io.darktower.commands.relay;

import java.time.Instant;

/**
 * What a health check needs to know about the relay: whether it streams, the last failure it recovered from
 * (or is recovering from), and whether events still flow.
 *
 * @param lastError       the last failure of change data capture or of publishing, null if none since start
 * @param lastPublishedAt when Kafka last acknowledged a stored event, null if none since start
 * @param published       stored events acknowledged by Kafka since start (a republished batch counts again)
 */
public record RelayStatus(State state, String lastError, Instant lastPublishedAt, long published) {

    public enum State {
        /** Started; change data capture not streaming yet. */
        STARTING,
        /** Capturing the WAL and publishing. */
        STREAMING,
        /** Capture failed; a new attempt follows after a back-off. */
        RESTARTING,
        /** Closed. */
        STOPPED
    }
}
