package io.darktower.events.node;

import java.time.Instant;
import java.util.Objects;

/**
 * The media handler's health changed, as it reported or because it missed its heartbeats.
 *
 * @param reason why, in words; may be null
 */
public record MediaHandlerHealthChanged(String handlerId, NodeHealth health, String reason, Instant changedAt)
        implements MediaHandlerEvent {

    public MediaHandlerHealthChanged {
        Objects.requireNonNull(handlerId, "handlerId");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(changedAt, "changedAt");
    }
}
