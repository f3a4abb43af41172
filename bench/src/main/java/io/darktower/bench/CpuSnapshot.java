package io.darktower.bench;

import java.util.Map;
import java.util.OptionalLong;

/**
 * CPU consumed so far, in clock ticks, by each process group of the platform, by the benchmark's own JVM and by
 * the whole machine, read at one instant; two of them give a phase's {@link CpuDelta}.
 *
 * @param nanos        {@link System#nanoTime()} when read
 * @param groupTicks   per group name; a group is absent when it was not found or its root process is gone
 * @param benchTicks   this JVM ({@code /proc/self/stat})
 * @param probeTicks   the PostgreSQL backend serving the lag probe: load generator, not platform
 * @param machineTicks busy time of all CPUs ({@code /proc/stat})
 */
record CpuSnapshot(long nanos, Map<String, Long> groupTicks, OptionalLong benchTicks, OptionalLong probeTicks,
                   OptionalLong machineTicks) {
}
