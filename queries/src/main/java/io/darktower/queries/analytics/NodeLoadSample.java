package io.darktower.queries.analytics;

import java.time.Instant;

/**
 * A node's load from {@code at} until the next sample: the meetings assigned to it and their participants present.
 *
 * @param nodeType {@code controller} or {@code media_handler} (one name may be both)
 */
public record NodeLoadSample(String nodeType, Instant at, int meetings, int participants) {
}
