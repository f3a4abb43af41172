package io.darktower.projections.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A rebuild's progress on the console: at most one line a second, and one at the end. */
final class RebuildProgress {

    private static final Logger log = LoggerFactory.getLogger(RebuildProgress.class);
    private static final long EVERY_NANOS = 1_000_000_000L;

    private final String projection;
    private final String unit;
    private volatile long done;
    private volatile long total;
    private long lastReport;

    RebuildProgress(String projection, String unit) {
        this.projection = projection;
        this.unit = unit;
    }

    void total(long total) {
        this.total = total;
        log.info("rebuild of {}: {} {} to replay", projection, total, unit);
    }

    void add(long count) {
        done += count;
        long now = System.nanoTime();
        if (now - lastReport > EVERY_NANOS) {
            lastReport = now;
            log.info("rebuild of {}: {} of {} {}", projection, done, total, unit);
        }
    }

    void finished(String how) {
        log.info("rebuild of {}: {} ({} {} replayed)", projection, how, done, unit);
    }

    long done() {
        return done;
    }

    long total() {
        return total;
    }
}
