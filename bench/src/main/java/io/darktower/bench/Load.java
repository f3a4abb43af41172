package io.darktower.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Sends a phase's requests on the client pool (one request in flight per client thread), with progress and
 * CPU sampled around it. After an abort no further request is sent; those already in flight end within the
 * request timeout.
 */
final class Load {

    private final ExecutorService clients;
    private final int concurrency;
    private final RunGuard guard;
    private final Progress progress;
    private final CpuSampler cpu;
    private final int rate;

    Load(ExecutorService clients, int concurrency, int rate, RunGuard guard, Progress progress, CpuSampler cpu) {
        this.clients = clients;
        this.concurrency = concurrency;
        this.guard = guard;
        this.progress = progress;
        this.cpu = cpu;
        this.rate = rate;
    }

    /**
     * Runs {@code count} requests, paced at the run's rate if it has one; the phase's wall time and CPU span the
     * first send to the last answer.
     *
     * @param request returns non-null on success
     * @return one result per request, null where it failed or was not sent
     */
    <T> List<T> runAll(String name, Operation op, int count, IntFunction<T> request) {
        Progress.Phase phase = progress.begin(name, count, 0, "requests");
        CpuSnapshot start = cpu.snapshot();
        long t0 = System.nanoTime();
        List<CompletableFuture<T>> futures = new ArrayList<>(count);
        Pacer pacer = new Pacer(rate);
        for (int i = 0; i < count; i++) {
            int n = i;
            futures.add(CompletableFuture.supplyAsync(() -> {
                if (guard.aborted()) {
                    op.skipped();
                    return null;
                }
                pacer.await();
                return timed(op, phase, () -> request.apply(n));
            }, clients));
        }
        List<T> results = new ArrayList<>(futures.stream().map(CompletableFuture::join).toList());
        long wall = System.nanoTime() - t0;
        op.finished(wall, cpu.between(start, cpu.snapshot()));
        progress.end(phase);
        return results;
    }

    /**
     * Warm-up: each client thread repeats whole meeting lifecycles (create, join {@code participants}, all
     * leave) until the budget is spent, so every code path the measured phases use gets compiled.
     */
    void warmup(Warmup warmup, Operation op, HttpDriver http, int participants) {
        long until = warmup.seconds() > 0 ? System.nanoTime() + warmup.duration().toNanos() : Long.MAX_VALUE;
        long maxCommands = warmup.commands() > 0 ? warmup.commands() : Long.MAX_VALUE;
        AtomicLong sent = new AtomicLong();
        AtomicLong cycles = new AtomicLong();
        Progress.Phase phase = progress.begin("warmup", warmup.commands(), warmup.seconds(), "requests");
        CpuSnapshot start = cpu.snapshot();
        long t0 = System.nanoTime();
        Runnable client = () -> {
            while (!guard.aborted() && System.nanoTime() < until && sent.get() < maxCommands) {
                long n = cycles.incrementAndGet();
                sent.incrementAndGet();
                String meetingId = timed(op, phase, () -> http.createMeeting("warmup " + n, participants + 1));
                if (meetingId == null) {
                    continue;
                }
                List<String> joined = new ArrayList<>();
                for (int p = 0; p < participants && !guard.aborted(); p++) {
                    sent.incrementAndGet();
                    int pn = p;
                    String participantId = timed(op, phase, () -> http.join(meetingId, "w" + n + "." + pn));
                    if (participantId != null) {
                        joined.add(participantId);
                    }
                }
                for (String participantId : joined) {
                    if (guard.aborted()) {
                        break;
                    }
                    sent.incrementAndGet();
                    timed(op, phase, () -> {
                        http.leave(meetingId, participantId);
                        return participantId;
                    });
                }
            }
        };
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            workers.add(CompletableFuture.runAsync(client, clients));
        }
        workers.forEach(CompletableFuture::join);
        op.finished(System.nanoTime() - t0, cpu.between(start, cpu.snapshot()));
        progress.end(phase);
    }

    /** Requests return non-null on success: null is a failure (already counted by the operation). */
    private static <T> T timed(Operation op, Progress.Phase phase, Supplier<T> request) {
        T result = op.time(request);
        if (result == null) {
            phase.failed();
        } else {
            phase.done();
        }
        return result;
    }
}
