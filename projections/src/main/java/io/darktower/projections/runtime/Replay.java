package io.darktower.projections.runtime;

import io.darktower.events.EventEnvelope;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a point-in-time rebuild stops, and the name its copy is kept under. The copy holds the events up to a global
 * position of the event store, or those that happened at or before an instant, or both; it is written beside the live
 * read model (PostgreSQL schema {@code asof_<projection>_<label>}, Redis keys under {@code asof:<projection>:<label>:})
 * and kept until an operator drops it: it is never swapped in.
 *
 * @param label    names the copy: lower-case letters, digits and underscores, at most {@value #LABEL_MAX} characters
 * @param position the last global position included, or null for no bound
 * @param at       the last event time included, or null for no bound
 * @param clock    the instant the copy stands at (a Redis deadline after it is not applied, one at or before it is):
 *                 {@code at}, or the time of the event at {@code position}
 */
public record Replay(String label, Long position, Instant at, Instant clock) {

    /** Leaves room in PostgreSQL's 63-character identifiers for {@code asof_} and the projection's name. */
    public static final int LABEL_MAX = 30;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]{1," + LABEL_MAX + "}");
    /** The label that names the live read model in a comparison. */
    public static final String LIVE = "live";

    public Replay {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(clock, "clock");
        if (!LABEL.matcher(label).matches() || label.equals(LIVE)) {
            throw new IllegalArgumentException("label must be 1 to " + LABEL_MAX
                    + " lower-case letters, digits or underscores, and not '" + LIVE + "': " + label);
        }
        if (position == null && at == null) {
            throw new IllegalArgumentException("a point in time needs an instant (at) or a global position");
        }
        if (position != null && position < 0) {
            throw new IllegalArgumentException("position must be 0 or more: " + position);
        }
    }

    /** Whether the copy holds this event. */
    public boolean includes(EventEnvelope event) {
        return (position == null || event.globalPosition() <= position)
                && (at == null || !event.occurredAt().isAfter(at));
    }

    /** Whether no event at or after this global position can be included: the replay may stop reading there. */
    boolean beyond(long globalPosition) {
        return position != null && globalPosition > position;
    }

    /** The PostgreSQL schema the copy of a projection's tables is kept in. */
    public String schema(String projection) {
        return schema(projection, label);
    }

    static String schema(String projection, String label) {
        return "asof_" + projection.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_") + "_" + label;
    }

    /** What every Redis key of the copy of a projection starts with. */
    public String keyPrefix(String projection) {
        return keyPrefix(projection, label);
    }

    static String keyPrefix(String projection, String label) {
        return "asof:" + projection + ":" + label + ":";
    }

    /** For the log: {@code position 1200} or {@code 2026-11-25T10:00:00Z}. */
    public String describe() {
        return (position == null ? "" : "position " + position) + (position != null && at != null ? ", " : "")
                + (at == null ? "" : at.toString());
    }
}
