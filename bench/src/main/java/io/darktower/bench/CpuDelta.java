package io.darktower.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU spent during one phase, per process group of the platform, by the load generator and by the whole machine,
 * in milliseconds. Reported next to a phase's throughput so that "n commands per second" comes with what each
 * command cost: on a shared or small machine throughput alone hides whether the platform or the load generator
 * used the cores. {@code other} is what the rest of the machine (other engineers' builds, the Maven process that
 * launched the benchmark) used meanwhile: a large value means the figures are not from a quiet machine.
 *
 * @param seconds   wall time of the phase
 * @param groupMs   per found group; a group missing from it was not found or its process went away
 * @param missing   groups that could not be measured over this phase
 * @param benchMs   this JVM, the load generator; null without {@code /proc}
 * @param probeMs   the PostgreSQL backend answering the lag probe's queries (load generator work done inside
 *                  PostgreSQL); null when there was none
 * @param machineMs all CPUs' busy time; null without {@code /proc}
 */
record CpuDelta(double seconds, Map<String, Double> groupMs, List<String> missing, Double benchMs, Double probeMs,
                Double machineMs) {

    static CpuDelta between(CpuSnapshot start, CpuSnapshot end, List<ProcessGroup> groups, int ticksPerSecond) {
        double msPerTick = 1000.0 / ticksPerSecond;
        Map<String, Double> ms = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (ProcessGroup g : groups) {
            Long a = start.groupTicks().get(g.name());
            Long b = end.groupTicks().get(g.name());
            if (a == null || b == null) {
                missing.add(g.name());
            } else {
                ms.put(g.name(), (b - a) * msPerTick);
            }
        }
        Double bench = start.benchTicks().isPresent() && end.benchTicks().isPresent()
                ? (end.benchTicks().getAsLong() - start.benchTicks().getAsLong()) * msPerTick : null;
        Double probe = start.probeTicks().isPresent() && end.probeTicks().isPresent()
                ? (end.probeTicks().getAsLong() - start.probeTicks().getAsLong()) * msPerTick : null;
        Double machine = start.machineTicks().isPresent() && end.machineTicks().isPresent()
                ? (end.machineTicks().getAsLong() - start.machineTicks().getAsLong()) * msPerTick : null;
        return new CpuDelta((end.nanos() - start.nanos()) / 1e9, ms, List.copyOf(missing), bench, probe, machine);
    }

    /** The platform's groups together; null when none was measured. */
    Double platformMs() {
        return groupMs.isEmpty() ? null : groupMs.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /**
     * @param commands HTTP requests the phase sent and got an answer to (successes and errors: both cost CPU)
     */
    void writeTo(ObjectNode node, long commands) {
        node.put("commands", commands).put("wall_seconds", seconds);
        ObjectNode ms = node.putObject("ms");
        ObjectNode perCommand = node.putObject("ms_per_command");
        ObjectNode cores = node.putObject("cores_used");
        groupMs.forEach((name, v) -> put(ms, perCommand, cores, name, v, commands));
        put(ms, perCommand, cores, "platform_total", platformMs(), commands);
        put(ms, perCommand, cores, "bench", benchMs, commands);
        if (probeMs != null) {
            put(ms, perCommand, cores, "bench_probe_postgres", probeMs, commands);
        }
        if (machineMs != null) {
            ms.put("machine_busy", machineMs);
            cores.put("machine_busy", seconds > 0 ? machineMs / 1000 / seconds : 0);
            if (benchMs != null) {
                Double platform = platformMs();
                ms.put("other", machineMs - benchMs - (probeMs == null ? 0 : probeMs)
                        - (platform == null ? 0 : platform));
            }
        }
        if (!missing.isEmpty()) {
            var m = node.putArray("not_measured");
            missing.forEach(m::add);
        }
    }

    private void put(ObjectNode ms, ObjectNode perCommand, ObjectNode cores, String name, Double value, long commands) {
        if (value == null) {
            ms.putNull(name);
            return;
        }
        ms.put(name, value);
        if (commands > 0) {
            perCommand.put(name, value / commands);
        }
        cores.put(name, seconds > 0 ? value / 1000 / seconds : 0);
    }
}
