package io.darktower.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.darktower.bench.LagProbe.Joined;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Drives a running platform over HTTP with concurrent clients: an optional warm-up that is not counted, then
 * creates meetings, joins participants to them, makes them leave (so every meeting ends by itself), and prints
 * one JSON document on stdout with, per operation, throughput, latency percentiles and the CPU each command
 * cost the platform's processes (and the load generator), plus the projection lag from a join's HTTP success
 * until it is visible in Redis and in PostgreSQL. Progress goes to stderr once a second.
 *
 * <p>The run stops on its own when the platform goes away or the deadline passes; it then still prints the
 * JSON, with {@code "aborted": reason}, and exits with status 2. Arguments: {@link BenchOptions#USAGE}.
 */
public final class PlatformBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BenchOptions options;
    private final Progress progress = new Progress();

    private PlatformBench(BenchOptions options) {
        this.options = options;
    }

    public static void main(String[] argv) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(64);
            return;
        }
        ObjectNode report = new PlatformBench(options).run();
        String json = report.toPrettyString();
        System.out.println(json);
        System.out.flush();
        if (options.out() != null) {
            try {
                Files.writeString(options.out(), json + System.lineSeparator());
                System.err.println("[bench] JSON written to " + options.out().toAbsolutePath());
            } catch (IOException e) {
                System.err.println("[bench] cannot write " + options.out() + ": " + e);
                System.exit(1);
            }
        }
        System.exit(report.get("aborted").isNull() ? 0 : 2);
    }

    private ObjectNode run() {
        ObjectNode out = JSON.createObjectNode();
        out.putNull("aborted");
        writeConfig(out.putObject("config"));
        PlatformProcesses processes = PlatformProcesses.discover(options);
        processes.writeTo(out.putObject("platform"));
        writeBenchJvm(out.putObject("bench_jvm"));
        announce(processes);
        CpuSampler cpu = new CpuSampler(processes.groups());

        Operation warm = new Operation();
        Operation create = new Operation();
        Operation join = new Operation();
        Operation leave = new Operation();
        LagProbe probe = null;
        CpuDelta total = null;
        long wallNanos = 0;
        ExecutorService clients = Executors.newFixedThreadPool(options.concurrency());
        try (progress; clients; RunGuard guard = new RunGuard(options.deadline(), options.stallTimeout(),
                options.concurrency(), processes.jvmProcess())) {
            HttpDriver http = new HttpDriver(options.url(), options.requestTimeout(), guard);
            try {
                http.signUp();
            } catch (RuntimeException e) {
                guard.abort("cannot sign up and in: " + e.getMessage());
            }
            Load load = new Load(clients, options.concurrency(), options.rate(), guard, progress, cpu);
            try {
                probe = LagProbe.connect(options, guard);
                cpu.attributeToBench(probe.postgresBackendPid());
                progress.say("lag probe connected to Redis " + options.redisHost() + ":" + options.redisPort()
                        + " and " + options.jdbcUrl());
            } catch (Exception e) {
                guard.abort("lag probe cannot connect to the read models: " + e);
            }
            if (!guard.aborted() && !options.warmup().none()) {
                load.warmup(options.warmup(), warm, http, options.participants());
            }
            CpuSnapshot start = cpu.snapshot();
            if (!guard.aborted()) {
                measure(load, http, probe, guard, create, join, leave);
            }
            CpuSnapshot end = cpu.snapshot();
            wallNanos = end.nanos() - start.nanos();
            total = cpu.between(start, end);
            if (guard.aborted()) {
                out.put("aborted", guard.reason());
            }
        } catch (RuntimeException e) {
            out.put("aborted", "bench failed: " + e);
        } finally {
            if (probe != null) {
                probe.close();
            }
        }

        ObjectNode w = out.putObject("warmup").put("requested", options.warmup().describe());
        if (!options.warmup().none()) {
            warm.writeTo(w);
        }
        ObjectNode ops = out.putObject("operations");
        create.writeTo(ops.putObject("create_meeting"));
        join.writeTo(ops.putObject("join"));
        leave.writeTo(ops.putObject("leave"));
        writeLag(out.putObject("projection_lag_ms"), probe);
        writeCpu(out.putObject("cpu"), cpu, total, create.answered() + join.answered() + leave.answered());
        out.put("wall_seconds", wallNanos / 1e9);
        return out;
    }

    /** The measured run: create, join (lag probe watching), leave. */
    private void measure(Load load, HttpDriver http, LagProbe probe, RunGuard guard,
                         Operation create, Operation join, Operation leave) {
        int perMeeting = options.participants();
        List<String> meetingIds = load.runAll("create", create, options.meetings(),
                i -> http.createMeeting("bench " + i, perMeeting + 1));
        meetingIds.removeIf(Objects::isNull);
        if (guard.aborted() || meetingIds.isEmpty()) {
            return;
        }
        int joins = meetingIds.size() * perMeeting;
        int sampleEvery = Math.max(1, joins / Math.max(1, options.lagSamples()));
        Thread prober = new Thread(probe, "lag-probe");
        prober.start();
        List<Joined> participants = load.runAll("join", join, joins, i -> {
            String meetingId = meetingIds.get(i % meetingIds.size());
            Joined joined = new Joined(UUID.fromString(meetingId),
                    UUID.fromString(http.join(meetingId, "p" + i)));
            if (options.lagSamples() > 0 && i % sampleEvery == 0) {
                probe.watch(joined, System.nanoTime());
            }
            return joined;
        });
        probe.finish();
        Progress.Phase drain = progress.begin("lag-probe", probe.watched(), 0, "samples seen or timed out");
        try {
            while (prober.isAlive()) {
                drain.doneSoFar(probe.resolved());
                prober.join(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            guard.abort("interrupted");
        }
        drain.doneSoFar(probe.resolved());
        progress.end(drain);
        if (guard.aborted()) {
            return;
        }
        participants.removeIf(Objects::isNull);
        load.runAll("leave", leave, participants.size(), i -> {
            Joined p = participants.get(i);
            http.leave(p.meetingId().toString(), p.participantId().toString());
            return p;
        });
    }

    private void writeConfig(ObjectNode config) {
        config.put("url", options.url().toString()).put("meetings", options.meetings())
                .put("participants_per_meeting", options.participants()).put("concurrency", options.concurrency())
                .put("rate_per_s", options.rate())
                .put("lag_samples", options.lagSamples())
                .put("processors", Runtime.getRuntime().availableProcessors())
                .put("warmup", options.warmup().describe())
                .put("request_timeout_s", Durations.seconds(options.requestTimeout()))
                .put("stall_timeout_s", Durations.seconds(options.stallTimeout()))
                .put("deadline_s", Durations.seconds(options.deadline()))
                .put("lag_timeout_s", Durations.seconds(options.lagTimeout()));
    }

    private static void writeBenchJvm(ObjectNode node) {
        JvmFlags flags = JvmFlags.ofJvmArguments(ManagementFactory.getRuntimeMXBean().getInputArguments());
        node.put("pid", ProcessHandle.current().pid()).put("java_version", Runtime.version().toString())
                .put("full_jit", flags.fullJit());
        if (flags.tieredStopAtLevel() == null) {
            node.putNull("tiered_stop_at_level");
        } else {
            node.put("tiered_stop_at_level", flags.tieredStopAtLevel());
        }
    }

    private void announce(PlatformProcesses processes) {
        for (ProcessGroup g : processes.groups()) {
            progress.say(g.name() + ": " + (g.found() ? "pid " + g.roots().stream().map(r -> Long.toString(r.pid()))
                    .toList() + " (" + g.foundBy() + ")" : g.foundBy()));
        }
        processes.jvmFlags().ifPresent(f -> progress.say(f.fullJit()
                ? "platform JVM runs with the full JIT" + (f.jitArguments().isEmpty() ? "" : " " + f.jitArguments())
                : "WARNING: platform JVM runs with " + f.jitArguments() + ": not the full JIT, figures are not "
                        + "representative (start it with -Dspring-boot.run.optimizedLaunch=false or java -jar)"));
    }

    private void writeLag(ObjectNode lag, LagProbe probe) {
        lag.put("note", "percentiles are over seen samples only; unseen = still not visible at the probe's first check after timeout_ms from "
                + "the join's HTTP success; unresolved = still pending when the run was aborted; probe_checks = "
                + "Redis and PostgreSQL lookups the probe made (its load on the read models)");
        long watched = probe == null ? 0 : probe.watched();
        lag.put("timeout_ms", options.lagTimeout().toMillis()).put("probe_checks", probe == null ? 0 : probe.checks());
        (probe == null ? new LagStats() : probe.redisLag()).writeTo(lag.putObject("redis"), watched);
        (probe == null ? new LagStats() : probe.postgresLag()).writeTo(lag.putObject("postgres"), watched);
    }

    private static void writeCpu(ObjectNode node, CpuSampler cpu, CpuDelta total, long commands) {
        if (!cpu.available()) {
            node.put("note", "no /proc (not Linux): CPU not measured");
            return;
        }
        node.put("source", "/proc/<pid>/stat utime+stime+cutime+cstime of each group's processes and their live "
                        + "descendants; /proc/self/stat for the bench; /proc/stat for the machine")
                .put("clock_ticks_per_s", cpu.ticksPerSecond())
                .put("note", "each phase is measured from its first request sent to its last answer: work the "
                        + "platform does afterwards (relay, projections catching up) falls into the next phase; "
                        + "measured_total spans create to leave, lag-probe wait included. 'other' is CPU used by "
                        + "processes outside the platform and the bench (a busy machine)");
        if (total != null) {
            total.writeTo(node.putObject("measured_total"), commands);
        }
    }
}
