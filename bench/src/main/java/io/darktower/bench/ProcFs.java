package io.darktower.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Linux {@code /proc}: process CPU times, command lines, and which process listens on a TCP port. The
 * benchmark reads CPU this way because the platform under test is several processes (the JVM, PostgreSQL with
 * one process per connection, Redis) and a JVM-internal counter would only see the first. Every method
 * degrades to "nothing known" where {@code /proc} is absent or unreadable.
 */
final class ProcFs {

    private static final Path PROC = Path.of("/proc");

    private ProcFs() {
    }

    static boolean available() {
        return Files.isReadable(PROC.resolve("self/stat"));
    }

    static Optional<ProcStat> stat(long pid) {
        try {
            return ProcStat.parse(Files.readString(PROC.resolve(pid + "/stat"), StandardCharsets.ISO_8859_1));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static Optional<ProcStat> self() {
        return stat(ProcessHandle.current().pid());
    }

    /** Every process readable now, by pid. */
    static Map<Long, ProcStat> all() {
        Map<Long, ProcStat> all = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, p -> isPid(p.getFileName().toString()))) {
            for (Path dir : dirs) {
                stat(Long.parseLong(dir.getFileName().toString())).ifPresent(s -> all.put(s.pid(), s));
            }
        } catch (IOException e) {
            return Map.of();
        }
        return all;
    }

    /** The command line, one element per argument; empty if unreadable. */
    static List<String> cmdline(long pid) {
        try {
            String raw = Files.readString(PROC.resolve(pid + "/cmdline"), StandardCharsets.UTF_8);
            return raw.isEmpty() ? List.of() : Arrays.asList(raw.split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The environment the process started with; empty if unreadable (another user's process). */
    static Map<String, String> environ(long pid) {
        Map<String, String> env = new HashMap<>();
        try {
            for (String kv : Files.readString(PROC.resolve(pid + "/environ"), StandardCharsets.UTF_8).split("\0")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    env.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return env;
    }

    /** Busy ticks of all CPUs together (user, nice, system, irq, softirq, steal), from {@code /proc/stat}. */
    static Optional<Long> machineBusyTicks() {
        try {
            String cpu = Files.readAllLines(PROC.resolve("stat")).getFirst();
            String[] f = cpu.trim().split(" +");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(f[i]);
            }
            return Optional.of(busy);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code getconf CLK_TCK}; 100 (Linux's USER_HZ on every common architecture) if that fails. */
    static int clockTicksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return Integer.parseInt(out);
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }

    /**
     * Who listens on a TCP port.
     *
     * @param listening whether any socket listens on the port (in this network namespace)
     * @param pids      the processes holding it, among those whose descriptors this user may read
     */
    record Listeners(boolean listening, Set<Long> pids) {
    }

    /**
     * The processes holding a listening TCP socket on {@code port} (any address, IPv4 or IPv6): socket inodes
     * from {@code /proc/net/tcp*}, then the processes whose file descriptors point at them.
     */
    static Listeners listeners(int port) {
        Set<String> inodes = new HashSet<>();
        for (String table : List.of("net/tcp", "net/tcp6")) {
            try {
                for (String line : Files.readAllLines(PROC.resolve(table))) {
                    String[] f = line.trim().split(" +");
                    if (f.length > 9 && f[3].equals("0A") && f[1].contains(":")
                            && Integer.parseInt(f[1].substring(f[1].lastIndexOf(':') + 1), 16) == port) {
                        inodes.add("socket:[" + f[9] + "]");
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no such table (no IPv6): nothing listens there
            }
        }
        Set<Long> pids = new HashSet<>();
        if (inodes.isEmpty()) {
            return new Listeners(false, pids);
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, p -> isPid(p.getFileName().toString()))) {
            for (Path dir : dirs) {
                if (holdsAny(dir.resolve("fd"), inodes)) {
                    pids.add(Long.parseLong(dir.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            return new Listeners(true, pids);
        }
        return new Listeners(true, pids);
    }

    private static boolean holdsAny(Path fdDir, Set<String> inodes) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                try {
                    if (inodes.contains(Files.readSymbolicLink(fd).toString())) {
                        return true;
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private static boolean isPid(String name) {
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }
}
