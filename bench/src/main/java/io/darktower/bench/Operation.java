package io.darktower.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * One timed kind of request (create, join, leave, or the mixed warm-up): latency of the successful ones,
 * errors, the phase's wall time and the CPU it cost.
 */
final class Operation {

    static final long MAX_LATENCY_NANOS = Duration.ofSeconds(60).toNanos();

    final Histogram latency = new ConcurrentHistogram(MAX_LATENCY_NANOS, 3);
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong cancelled = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private long wallNanos;
    private boolean ran;
    private CpuDelta cpu;

    /** Sends one request, timing it; a failure is counted and yields null. */
    <T> T time(Supplier<T> request) {
        long t0 = System.nanoTime();
        try {
            T result = request.get();
            latency.recordValue(Math.min(System.nanoTime() - t0, MAX_LATENCY_NANOS));
            return result;
        } catch (HttpDriver.Cancelled e) {
            cancelled.incrementAndGet();
            return null;
        } catch (RuntimeException e) {
            errors.incrementAndGet();
            firstError.compareAndSet(null, String.valueOf(e.getMessage()));
            return null;
        }
    }

    /** A request not sent because the run was aborted. */
    void skipped() {
        skipped.incrementAndGet();
    }

    /**
     * Requests that got through the platform or failed there: what the phase's CPU is divided by (requests
     * cancelled by an abort are left out: the platform may or may not have worked on them).
     */
    long answered() {
        return latency.getTotalCount() + errors.get();
    }

    void finished(long wallNanos, CpuDelta cpu) {
        this.ran = true;
        this.wallNanos = wallNanos;
        this.cpu = cpu;
    }

    void writeTo(ObjectNode node) {
        long ok = latency.getTotalCount();
        node.put("ok", ok).put("errors", errors.get())
                .put("throughput_per_s", wallNanos == 0 ? 0 : ok / (wallNanos / 1e9));
        Percentiles.writeTo(node, latency);
        node.put("wall_seconds", wallNanos / 1e9).put("complete", ran && skipped.get() == 0 && cancelled.get() == 0);
        if (skipped.get() > 0) {
            node.put("not_sent", skipped.get());
        }
        if (cancelled.get() > 0) {
            node.put("cancelled_by_abort", cancelled.get());
        }
        if (firstError.get() != null) {
            node.put("first_error", firstError.get());
        }
        if (cpu != null) {
            cpu.writeTo(node.putObject("cpu"), answered());
        }
    }
}
