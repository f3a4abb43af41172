package io.darktower.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

/** The report's latency summary: how many values, p50/p95/p99 and max in milliseconds. */
final class Percentiles {

    private Percentiles() {
    }

    static void writeTo(ObjectNode node, Histogram h) {
        node.put("samples", h.getTotalCount());
        if (h.getTotalCount() == 0) {
            return;
        }
        node.put("p50_ms", h.getValueAtPercentile(50) / 1e6)
                .put("p95_ms", h.getValueAtPercentile(95) / 1e6)
                .put("p99_ms", h.getValueAtPercentile(99) / 1e6)
                .put("max_ms", h.getMaxValue() / 1e6);
    }
}
