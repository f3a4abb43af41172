package io.darktower.events.node;

import java.time.Instant;
import java.util.Objects;

/**
 * The controller's health changed, as it reported or because it missed its heartbeats. An unhealthy controller gets
 * no new meetings and its meetings move to another.
 *
 * @param reason why, in words (e.g. {@code no heartbeat for 30 s}); may be null
 */
public record ControllerHealthChanged(String controllerId, NodeHealth health, String reason, Instant changedAt)
        implements ControllerEvent {

    public ControllerHealthChanged {
        Objects.requireNonNull(controllerId, "controllerId");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(changedAt, "changedAt");
    }
}
