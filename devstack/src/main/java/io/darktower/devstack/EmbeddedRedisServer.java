package io.darktower.devstack;

import io.darktower.devstack.Processes.Signal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Redis 7 server (the binary shipped by org.signal:embedded-redis) run as a child process. Its pid is kept in
 * {@code redis.pid} and its output in {@code redis.log}, both in its data folder; a watchdog stops it if this JVM
 * dies first. Its command line names its data folder, so {@code ps} shows whose it is.
 */
final class EmbeddedRedisServer implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_PATIENCE = Duration.ofSeconds(10);
    private static final String READY = "Ready to accept connections";

    private final Process process;
    private final int port;
    private final PidFile pidFile;
    private final Watchdog watchdog;

    private EmbeddedRedisServer(Process process, int port, PidFile pidFile, Watchdog watchdog) {
        this.process = process;
        this.port = port;
        this.pidFile = pidFile;
        this.watchdog = watchdog;
    }

    static PidFile pidFile(Path dataDir) {
        return new PidFile(dataDir.resolve("redis.pid"), "redis-server", dataDir);
    }

    static void stopLeftover(Path dataDir) {
        Leftovers.stop(pidFile(dataDir), "Redis", STOP_PATIENCE, Signal.TERM, Signal.KILL);
    }

    static EmbeddedRedisServer start(Path dataDir, int requestedPort, boolean keepData) throws IOException {
        Directories.create(dataDir);
        int port = Ports.orFree(requestedPort);
        Path log = dataDir.resolve("redis.log");
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        List<String> command = new ArrayList<>(List.of(RedisBinary.path().toString(),
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--dir", dataDir.toString(),
                // keeps the arguments, data folder included, as the process title
                "--set-proc-title", "no"));
        command.addAll(keepData ? List.of("--appendonly", "yes") : List.of("--save", "", "--appendonly", "no"));
        Process process = new ProcessBuilder(command)
                .directory(dataDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        PidFile pidFile = pidFile(dataDir);
        pidFile.write(process.pid());
        EmbeddedRedisServer server = new EmbeddedRedisServer(process, port, pidFile,
                Watchdog.guard(process.pid(), Signal.TERM));
        try {
            awaitReady(process, port, log, logStart);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        watchdog.release();
        if (!Processes.stop(process.toHandle(), STOP_PATIENCE, Signal.TERM, Signal.KILL)) {
            throw new IllegalStateException("Redis (pid " + process.pid() + ") does not stop");
        }
        pidFile.delete();
    }

    private static void awaitReady(Process process, int port, Path log, long logStart) throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            boolean exited = !process.isAlive();
            List<String> output = output(log, logStart);
            if (output.stream().anyMatch(line -> line.contains(READY))) {
                return;
            }
            if (exited) {
                throw new IllegalStateException("Redis did not start on 127.0.0.1:" + port + ": " + reason(output)
                        + " (exit code " + process.exitValue() + ", see " + log + ")");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Redis did not become ready on 127.0.0.1:" + port + " within "
                        + READY_TIMEOUT.toSeconds() + " s (see " + log + ")");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while Redis was starting", e);
            }
        }
    }

    private static List<String> output(Path log, long from) throws IOException {
        try (InputStream in = Files.newInputStream(log)) {
            in.skipNBytes(Math.min(from, Files.size(log)));
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** Redis marks warnings with {@code #}; the last one says why it gave up, the one before it often why. */
    private static String reason(List<String> output) {
        List<String> warnings = output.stream()
                .filter(line -> line.contains(" # "))
                .map(line -> line.substring(line.indexOf(" # ") + 3).strip())
                .filter(text -> !text.isEmpty())
                .toList();
        if (warnings.isEmpty()) {
            return output.isEmpty() ? "no output" : output.getLast().strip();
        }
        String last = warnings.getLast();
        return last.endsWith("aborting.") && warnings.size() > 1 ? warnings.get(warnings.size() - 2) + "; " + last : last;
    }
}
