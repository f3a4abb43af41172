package io.darktower.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

/**
 * Projection lag into one read model. Every watched sample ends in exactly one bucket: seen (its lag is in the
 * percentiles), unseen (not visible within the probe's timeout: a read model that lost or badly delayed it),
 * or unresolved (still pending when the run was aborted). Percentiles over the seen ones alone would flatter a
 * read model that drops updates, so the counts are always reported next to them. Written by the probe thread
 * only; read after it has ended.
 */
final class LagStats {

    private final Histogram lag = new Histogram(Operation.MAX_LATENCY_NANOS, 3);
    private long seen;
    private long unseen;

    void seen(long lagNanos) {
        seen++;
        lag.recordValue(Math.min(lagNanos, Operation.MAX_LATENCY_NANOS));
    }

    void unseen() {
        unseen++;
    }

    void writeTo(ObjectNode node, long watched) {
        node.put("watched", watched).put("seen", seen).put("unseen", unseen)
                .put("unresolved", watched - seen - unseen);
        Percentiles.writeTo(node, lag);
    }
}
