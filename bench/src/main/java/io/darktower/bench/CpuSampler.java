package io.darktower.bench;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads the CPU of the platform's process groups, of this JVM and of the machine from {@code /proc}. A group's
 * CPU is {@code utime + stime + cutime + cstime} over its root and live descendants: a PostgreSQL backend that
 * exits between two samples moves from the live sum into its postmaster's {@code cutime}/{@code cstime}, so the
 * difference of two samples still covers it. Resolution is one clock tick (10 ms at {@code CLK_TCK} 100) per
 * process per sample.
 */
final class CpuSampler {

    private final List<ProcessGroup> groups;
    private final int ticksPerSecond;
    private final boolean available = ProcFs.available();
    private volatile long probeBackend = -1;

    CpuSampler(List<ProcessGroup> groups) {
        this.groups = groups;
        this.ticksPerSecond = available ? ProcFs.clockTicksPerSecond() : 100;
    }

    int ticksPerSecond() {
        return ticksPerSecond;
    }

    boolean available() {
        return available;
    }

    /**
     * The PostgreSQL backend serving the benchmark's lag probe: its queries are load generator work, so its CPU
     * is reported apart and not counted as the platform's.
     */
    void attributeToBench(long postgresBackendPid) {
        probeBackend = postgresBackendPid;
    }

    CpuSnapshot snapshot() {
        long now = System.nanoTime();
        if (!available) {
            return new CpuSnapshot(now, Map.of(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
        }
        Map<Long, ProcStat> all = ProcFs.all();
        Map<Long, List<Long>> children = new HashMap<>();
        all.values().forEach(s -> children.computeIfAbsent(s.ppid(), p -> new ArrayList<>()).add(s.pid()));
        Set<Long> roots = new HashSet<>();
        groups.forEach(g -> g.roots().forEach(r -> roots.add(r.pid())));
        long probe = probeBackend;
        Set<Long> skip = new HashSet<>(roots);
        skip.add(probe);
        Map<String, Long> ticks = new LinkedHashMap<>();
        for (ProcessGroup group : groups) {
            if (group.found() && group.roots().stream().allMatch(r -> r.stillRunningAs(all.get(r.pid())))) {
                ticks.put(group.name(), treeTicks(group, all, children, skip));
            }
        }
        OptionalLong bench = ProcFs.self().map(s -> OptionalLong.of(s.ownTicks())).orElse(OptionalLong.empty());
        OptionalLong probeTicks = all.containsKey(probe) ? OptionalLong.of(all.get(probe).ticksWithReapedChildren())
                : OptionalLong.empty();
        OptionalLong machine = ProcFs.machineBusyTicks().map(OptionalLong::of).orElse(OptionalLong.empty());
        return new CpuSnapshot(now, ticks, bench, probeTicks, machine);
    }

    CpuDelta between(CpuSnapshot start, CpuSnapshot end) {
        return CpuDelta.between(start, end, groups, ticksPerSecond);
    }

    /** The group's root(s) and descendants, not descending into {@code skip} (other groups, the probe). */
    private static long treeTicks(ProcessGroup group, Map<Long, ProcStat> all, Map<Long, List<Long>> children,
                                  Set<Long> skip) {
        long sum = 0;
        Deque<Long> todo = new ArrayDeque<>();
        group.roots().forEach(r -> todo.add(r.pid()));
        Set<Long> own = new HashSet<>(todo);
        while (!todo.isEmpty()) {
            long pid = todo.poll();
            ProcStat s = all.get(pid);
            if (s == null) {
                continue;
            }
            sum += s.ticksWithReapedChildren();
            for (long child : children.getOrDefault(pid, List.of())) {
                if (!skip.contains(child) || own.contains(child)) {
                    todo.add(child);
                }
            }
        }
        return sum;
    }
}
