package io.darktower.bench;

import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the run is doing, once a second on stderr (stdout carries only the final JSON): the phase, how far it
 * is, its rate over the last second and on average, and its errors. A run that stalls is visible at once.
 */
final class Progress implements AutoCloseable {

    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-progress");
        t.setDaemon(true);
        return t;
    });
    private volatile Phase current;

    Progress() {
        ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /** One phase's counters, updated by the client threads and read by the ticker. */
    static final class Phase {
        private final String name;
        private final long total;
        private final long budgetSeconds;
        private final String unit;
        private final long startNanos = System.nanoTime();
        private final AtomicLong done = new AtomicLong();
        private final AtomicLong errors = new AtomicLong();
        private long lastDone;
        private long lastNanos = startNanos;

        private Phase(String name, long total, long budgetSeconds, String unit) {
            this.name = name;
            this.total = total;
            this.budgetSeconds = budgetSeconds;
            this.unit = unit;
        }

        void done() {
            done.incrementAndGet();
        }

        void failed() {
            done.incrementAndGet();
            errors.incrementAndGet();
        }

        /** For phases that count something else than requests (lag samples resolved). */
        void doneSoFar(long value) {
            done.set(value);
        }
    }

    /**
     * @param total         units to do, 0 if open-ended
     * @param budgetSeconds the phase's time budget, 0 if none
     * @param unit          what is counted
     */
    Phase begin(String name, long total, long budgetSeconds, String unit) {
        Phase phase = new Phase(name, total, budgetSeconds, unit);
        current = phase;
        say(name + ": started" + (total > 0 ? ", " + total + " " + unit : "")
                + (budgetSeconds > 0 ? ", for " + budgetSeconds + " s" : ""));
        return phase;
    }

    void end(Phase phase) {
        if (current == phase) {
            current = null;
        }
        double seconds = (System.nanoTime() - phase.startNanos) / 1e9;
        say(String.format(Locale.ROOT, "%s: done, %d %s in %.1f s (%.0f/s), %d errors", phase.name,
                phase.done.get(), phase.unit, seconds, phase.done.get() / Math.max(seconds, 1e-9),
                phase.errors.get()));
    }

    void say(String line) {
        System.err.printf(Locale.ROOT, "[bench %6.1fs] %s%n", (System.nanoTime() - startNanos) / 1e9, line);
    }

    private void tick() {
        Phase p = current;
        if (p == null) {
            return;
        }
        long now = System.nanoTime();
        long done = p.done.get();
        double sinceLast = (now - p.lastNanos) / 1e9;
        double rateNow = sinceLast > 0 ? (done - p.lastDone) / sinceLast : 0;
        double elapsed = (now - p.startNanos) / 1e9;
        p.lastDone = done;
        p.lastNanos = now;
        StringBuilder line = new StringBuilder(p.name).append(": ").append(done);
        if (p.total > 0) {
            line.append('/').append(p.total);
        }
        line.append(' ').append(p.unit);
        if (p.budgetSeconds > 0) {
            line.append(String.format(Locale.ROOT, ", %.0f/%d s", elapsed, p.budgetSeconds));
        }
        line.append(String.format(Locale.ROOT, ", %.0f/s now, %.0f/s average, %d errors", rateNow,
                done / Math.max(elapsed, 1e-9), p.errors.get()));
        say(line.toString());
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
