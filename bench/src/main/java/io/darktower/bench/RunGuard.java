package io.darktower.bench;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Decides when a run must stop instead of waiting or hammering a platform that is gone: the platform process
 * exited, no HTTP answer came for the stall timeout while requests were outstanding, too many requests in a row
 * got no answer at all (connection refused, timeout) or only errors, or the whole run passed its deadline.
 * The first reason wins; the load stops sending and the report says {@code "aborted": reason}.
 */
final class RunGuard implements AutoCloseable {

    private final AtomicReference<String> reason = new AtomicReference<>();
    private final long startNanos = System.nanoTime();
    private final Duration deadline;
    private final long stallNanos;
    private final int maxUnansweredInARow;
    private final int maxFailedInARow;
    private final Optional<ProcStat> platform;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger unansweredInARow = new AtomicInteger();
    private final AtomicInteger failedInARow = new AtomicInteger();
    private final AtomicReference<String> lastFailure = new AtomicReference<>("");
    private volatile long lastAnswerNanos = System.nanoTime();
    private final List<Runnable> onAbort = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-watchdog");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param platform the platform JVM as found before the run, if found: the run stops as soon as it exits
     */
    RunGuard(Duration deadline, Duration stallTimeout, int concurrency, Optional<ProcStat> platform) {
        this.deadline = deadline;
        this.stallNanos = stallTimeout.toNanos();
        // every client's request failing twice without an answer: the platform is not answering any more
        this.maxUnansweredInARow = Math.max(4, 2 * concurrency);
        this.maxFailedInARow = Math.max(50, 4 * concurrency);
        this.platform = platform;
        watchdog.scheduleWithFixedDelay(this::check, 200, 200, TimeUnit.MILLISECONDS);
    }

    boolean aborted() {
        return reason.get() != null;
    }

    String reason() {
        return reason.get();
    }

    /** Stops the run (the first reason is kept); says so on stderr at once. */
    void abort(String why) {
        String full = why;
        if (platformGone() && !why.startsWith("platform process")) {
            full = "platform process " + platform.get().pid() + " exited (noticed as: " + why + ")";
        }
        if (reason.compareAndSet(null, full)) {
            System.err.println("[bench] ABORTING: " + full);
            onAbort.forEach(Runnable::run);
        }
    }

    /** Runs {@code action} when the run is aborted (cancelling requests in flight). */
    void onAbort(Runnable action) {
        onAbort.add(action);
    }

    void requestStarted() {
        if (inFlight.getAndIncrement() == 0) {
            lastAnswerNanos = System.nanoTime(); // quiet time between phases is not a stall
        }
    }

    /** The platform answered (any status); {@code ok} when with the expected one. */
    void answered(boolean ok, String failure) {
        inFlight.decrementAndGet();
        lastAnswerNanos = System.nanoTime();
        unansweredInARow.set(0);
        if (ok) {
            failedInARow.set(0);
        } else {
            lastFailure.set(failure);
            if (failedInARow.incrementAndGet() >= maxFailedInARow) {
                abort(maxFailedInARow + " requests in a row failed, the last: " + failure);
            }
        }
    }

    /** No answer: refused, reset, timed out. */
    void unanswered(String failure) {
        inFlight.decrementAndGet();
        lastFailure.set(failure);
        failedInARow.incrementAndGet();
        if (unansweredInARow.incrementAndGet() >= maxUnansweredInARow) {
            abort("platform stopped answering: " + maxUnansweredInARow + " requests in a row got no answer, the last: "
                    + failure);
        }
    }

    private void check() {
        long now = System.nanoTime();
        if (platformGone()) {
            abort("platform process " + platform.get().pid() + " exited");
        } else if (now - startNanos > deadline.toNanos()) {
            abort("deadline of " + deadline.toSeconds() + " s passed");
        } else if (inFlight.get() > 0 && now - lastAnswerNanos > stallNanos) {
            abort("no HTTP answer for " + stallNanos / 1_000_000_000 + " s with requests outstanding"
                    + (lastFailure.get().isEmpty() ? "" : ", the last failure: " + lastFailure.get()));
        }
    }

    private boolean platformGone() {
        return platform.isPresent() && !platform.get().stillRunningAs(ProcFs.stat(platform.get().pid()).orElse(null));
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }
}
