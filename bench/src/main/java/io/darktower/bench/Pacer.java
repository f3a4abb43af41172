package io.darktower.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Spaces the measured requests evenly at a fixed rate across all client threads (an open-loop schedule), so
 * latency and lag can be measured at a chosen load instead of at whatever load the clients saturate. A request
 * whose slot has passed goes at once: a slow platform is not given extra room.
 */
final class Pacer {

    private final long intervalNanos;
    private long nextSlot;

    /** @param perSecond requests per second; 0 means no pacing */
    Pacer(int perSecond) {
        this.intervalNanos = perSecond <= 0 ? 0 : TimeUnit.SECONDS.toNanos(1) / perSecond;
        this.nextSlot = System.nanoTime();
    }

    /** Blocks the calling client until its request's slot. */
    void await() {
        if (intervalNanos == 0) {
            return;
        }
        long slot;
        synchronized (this) {
            slot = Math.max(nextSlot, System.nanoTime());
            nextSlot = slot + intervalNanos;
        }
        for (long wait; (wait = slot - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(wait);
        }
    }
}
