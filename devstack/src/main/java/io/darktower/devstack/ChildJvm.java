package io.darktower.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM for tests that kill, stop or watch a platform from outside, its stdout and stderr collected line by
 * line. Closing it stops it (SIGTERM, then SIGKILL).
 */
public final class ChildJvm implements AutoCloseable {

    private static final Duration LAST_LINES = Duration.ofSeconds(10);

    private final Process process;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final List<Thread> readers;

    private ChildJvm(Process process) {
        this.process = process;
        this.readers = List.of(
                collect(process.getInputStream(), stdout, "stdout"),
                collect(process.getErrorStream(), stderr, "stderr"));
    }

    /**
     * Runs {@code main} on this JVM's class path, with its temporary and PostgreSQL folders and the given system
     * properties and environment variables.
     */
    public static ChildJvm run(Class<?> main, Map<String, String> systemProperties, Map<String, String> environment) {
        List<String> command = java();
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir")));
        if (System.getProperty("ot.epg.working-dir") != null) {
            command.add("-Dot.epg.working-dir=" + System.getProperty("ot.epg.working-dir"));
        }
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add(main.getName());
        return start(new ProcessBuilder(command), environment);
    }

    /** Runs {@code java -jar jar args…} in {@code workingDirectory}, with the given environment variables. */
    public static ChildJvm runJar(Path jar, Path workingDirectory, Map<String, String> environment, String... args) {
        List<String> command = java();
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return start(new ProcessBuilder(command).directory(workingDirectory.toFile()), environment);
    }

    /** True once a line of stdout contains {@code text}; false when the JVM ended or the time ran out first. */
    public boolean awaitOutput(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (printed(text)) {
                return true;
            }
            if (!process.isAlive()) {
                awaitLastLines();
                return printed(text);
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** The exit code; fails when the JVM still runs after {@code timeout}. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the child JVM still runs after " + timeout + "; its output:\n" + output());
        }
        awaitLastLines();
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook runs, as when the kernel kills an out-of-memory JVM. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: the JVM runs its shutdown hooks. Returns the exit code; the output stays collected to the end. */
    public int terminate(Duration timeout) throws InterruptedException {
        // through the handle: Process.destroy() also closes the pipes, and what the hooks print would be lost
        process.toHandle().destroy();
        return awaitExit(timeout);
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public List<String> stdout() {
        return List.copyOf(stdout);
    }

    public List<String> stderr() {
        return List.copyOf(stderr);
    }

    public String output() {
        return String.join("\n", stdout) + "\n--- stderr ---\n" + String.join("\n", stderr);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    /** The readers end when the JVM's pipes close, which is when the JVM is gone. */
    private void awaitLastLines() throws InterruptedException {
        for (Thread reader : readers) {
            reader.join(LAST_LINES.toMillis());
        }
    }

    private boolean printed(String text) {
        return stdout.stream().anyMatch(line -> line.contains(text));
    }

    private static List<String> java() {
        return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
    }

    private static ChildJvm start(ProcessBuilder builder, Map<String, String> environment) {
        builder.environment().putAll(environment);
        try {
            return new ChildJvm(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Thread collect(InputStream stream, List<String> lines, String name) {
        Thread reader = new Thread(() -> {
            try (var in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                in.lines().forEach(lines::add);
            } catch (IOException | UncheckedIOException e) {
                // the JVM is gone, and its output with it
            }
        }, "child-jvm-" + name);
        reader.setDaemon(true);
        reader.start();
        return reader;
    }
}
