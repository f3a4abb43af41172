package io.darktower.devstack;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The embedded PostgreSQL and Redis servers running on a data folder, found by their command lines as {@code ps}
 * shows them (both name their data folder there): how tests prove that nothing outlived a platform.
 */
public final class ServerProcesses {

    private static final Set<String> SERVERS = Set.of("postgres", "redis-server");

    private ServerProcesses() {
    }

    public static List<ProcessHandle> on(Path dataDir) {
        String dir = dataDir.toAbsolutePath().toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> SERVERS.contains(Path.of(c).getFileName().toString())).orElse(false))
                .filter(p -> p.info().commandLine().map(c -> c.contains(dir)).orElse(false))
                .toList();
    }

    public static String describe(List<ProcessHandle> processes) {
        return processes.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList().toString();
    }
}
