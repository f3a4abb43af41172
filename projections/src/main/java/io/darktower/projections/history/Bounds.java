package io.darktower.projections.history;

import io.darktower.events.EventEnvelope;
import java.time.Instant;

/**
 * How far a history goes: up to an instant (inclusive), up to a global position of the event store (inclusive), or
 * both. The last step within the bounds carries the state "as of" that point.
 *
 * @param until    the latest event time included; null for no limit
 * @param position the highest global index included; null for no limit
 */
public record Bounds(Instant until, Long position) {

    public static final Bounds ALL = new Bounds(null, null);

    public boolean includes(EventEnvelope event) {
        return (until == null || !event.occurredAt().isAfter(until))
                && (position == null || event.globalPosition() <= position);
    }
}
