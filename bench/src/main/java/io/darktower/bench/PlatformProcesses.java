package io.darktower.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * The processes of the platform under test, found once before the load starts: the platform JVM (gateway,
 * Axon, relay, projections and the embedded Kafka), PostgreSQL and Redis. Each is the process listening on
 * the port the benchmark talks to, so other stacks on the same machine (other engineers' runs, tests) are not
 * counted; a pid given on the command line wins; a name match is the last resort and says so.
 *
 * @param jvm      the platform JVM
 * @param postgres the postmaster (its backends are counted as its descendants)
 * @param redis    the Redis server
 * @param jvmFlags the platform JVM's JIT arguments, when its command line could be read
 */
record PlatformProcesses(ProcessGroup jvm, ProcessGroup postgres, ProcessGroup redis, Optional<JvmFlags> jvmFlags) {

    /**
     * What to look for.
     *
     * @param name     the group's name in the report
     * @param option   the argument that names its pid
     * @param host     where the benchmark talks to it
     * @param port     the port it listens on
     * @param expected what the listening process must look like (a port held by {@code docker-proxy} is not
     *                 PostgreSQL's CPU)
     * @param byName   processes that may be it when the listening socket exists but its owner cannot be read
     */
    private record Wanted(String name, String option, OptionalLong pid, String host, int port,
                          Predicate<ProcStat> expected, Predicate<ProcStat> byName) {
    }

    static PlatformProcesses discover(BenchOptions options) {
        if (!ProcFs.available()) {
            String why = "not found: no /proc (not Linux), CPU not measured";
            return new PlatformProcesses(ProcessGroup.notFound("platform_jvm", why),
                    ProcessGroup.notFound("postgres", why), ProcessGroup.notFound("redis", why), Optional.empty());
        }
        long self = ProcessHandle.current().pid();
        Predicate<ProcStat> java = s -> s.pid() != self && s.comm().equals("java");
        Predicate<ProcStat> postmaster = s -> s.comm().equals("postgres") && !parentNamed(s, "postgres");
        Predicate<ProcStat> redisServer = s -> s.comm().startsWith("redis-server");
        ProcessGroup jvm = find(new Wanted("platform_jvm", "--platform-pid", options.platformPid(),
                options.url().getHost(), options.httpPort(), java, java.and(s -> ProcFs.cmdline(s.pid()).stream()
                        .anyMatch(a -> a.contains("DarkTowerLocal") || a.matches(".*platform-[^/]*\\.jar")))));
        ProcessGroup postgres = find(new Wanted("postgres", "--postgres-pid", options.postgresPid(),
                URI.create(options.jdbcUrl().substring("jdbc:".length())).getHost(), options.postgresPort(),
                s -> s.comm().equals("postgres"), postmaster));
        ProcessGroup redis = find(new Wanted("redis", "--redis-pid", options.redisPid(), options.redisHost(),
                options.redisPort(), redisServer, redisServer));
        Optional<JvmFlags> flags = jvm.found() && jvm.roots().size() == 1
                ? Optional.of(JvmFlags.of(ProcFs.cmdline(jvm.roots().getFirst().pid()),
                        ProcFs.environ(jvm.roots().getFirst().pid())))
                : Optional.empty();
        return new PlatformProcesses(jvm, postgres, redis, flags);
    }

    List<ProcessGroup> groups() {
        return List.of(jvm, postgres, redis);
    }

    /** The platform JVM, to notice when it exits. */
    Optional<ProcStat> jvmProcess() {
        return jvm.roots().size() == 1 ? Optional.of(jvm.roots().getFirst()) : Optional.empty();
    }

    void writeTo(ObjectNode node) {
        ObjectNode j = node.putObject("jvm");
        jvm.writeTo(j);
        jvmFlags.ifPresentOrElse(f -> {
            j.put("full_jit", f.fullJit());
            if (f.tieredStopAtLevel() == null) {
                j.putNull("tiered_stop_at_level");
            } else {
                j.put("tiered_stop_at_level", f.tieredStopAtLevel());
            }
            var args = j.putArray("jit_arguments");
            f.jitArguments().forEach(args::add);
        }, () -> j.putNull("full_jit").put("jit_note", "platform JVM not found or ambiguous: its JIT is unknown"));
        postgres.writeTo(node.putObject("postgres"));
        redis.writeTo(node.putObject("redis"));
    }

    private static ProcessGroup find(Wanted w) {
        if (w.pid().isPresent()) {
            return ProcFs.stat(w.pid().getAsLong())
                    .map(s -> new ProcessGroup(w.name(), List.of(s), w.option()))
                    .orElse(ProcessGroup.notFound(w.name(), "not found: no process " + w.pid().getAsLong()));
        }
        if (!isLocal(w.host())) {
            return ProcessGroup.notFound(w.name(), "not found: " + w.host() + " is not this machine, CPU not measured");
        }
        ProcFs.Listeners listeners = ProcFs.listeners(w.port());
        if (!listeners.listening()) {
            return ProcessGroup.notFound(w.name(), "not found: nothing listens on port " + w.port());
        }
        Map<Long, ProcStat> all = ProcFs.all();
        // a forked child may have inherited the socket: the root is the one whose parent does not hold it
        List<ProcStat> roots = listeners.pids().stream().map(all::get)
                .filter(s -> s != null && !listeners.pids().contains(s.ppid()))
                .sorted(Comparator.comparingLong(ProcStat::pid)).toList();
        if (!roots.isEmpty()) {
            if (!roots.stream().allMatch(w.expected())) {
                return ProcessGroup.notFound(w.name(), "not found: port " + w.port() + " is held by "
                        + roots.stream().map(r -> r.comm() + " (pid " + r.pid() + ")").toList() + "; pass " + w.option());
            }
            return new ProcessGroup(w.name(), roots, "listens on port " + w.port());
        }
        List<ProcStat> named = all.values().stream().filter(w.byName())
                .sorted(Comparator.comparingLong(ProcStat::pid)).toList();
        if (named.size() == 1) {
            return new ProcessGroup(w.name(), named, "port " + w.port() + " is held by a process this user cannot "
                    + "read; the only process that matches by name");
        }
        return ProcessGroup.notFound(w.name(), "not found: port " + w.port() + " is held by a process this user "
                + "cannot read, and " + named.size() + " processes match by name; pass " + w.option());
    }

    private static boolean parentNamed(ProcStat s, String comm) {
        return ProcFs.stat(s.ppid()).map(p -> p.comm().equals(comm)).orElse(false);
    }

    private static boolean isLocal(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            return address.isLoopbackAddress() || address.isAnyLocalAddress()
                    || NetworkInterface.getByInetAddress(address) != null;
        } catch (Exception e) {
            return false;
        }
    }
}
