package io.darktower.devstack;

import io.darktower.devstack.Processes.Signal;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a server when this JVM dies without stopping it (kill -9, out of memory), so that it does not outlive the
 * platform. A small shell waits on a pipe from this JVM; the kernel closes the pipe however the JVM ends, and the
 * shell then signals the server, unless the JVM released it first because it stops the server itself.
 */
final class Watchdog {

    private static final Logger log = LoggerFactory.getLogger(Watchdog.class);
    private static final String RELEASE = "release";

    private final Process shell;

    private Watchdog(Process shell) {
        this.shell = shell;
    }

    static Watchdog guard(long pid, Signal signal) {
        String script = "read -r line; [ \"$line\" = " + RELEASE + " ] || kill -s " + signal.name() + " " + pid;
        try {
            Process shell = new ProcessBuilder("sh", "-c", script)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new Watchdog(shell);
        } catch (IOException e) {
            log.warn("no watchdog for pid {} (a server left by a killed platform is stopped at the next start): {}",
                    pid, e.getMessage());
            return new Watchdog(null);
        }
    }

    /** From now on the JVM stops the server itself. */
    void release() {
        if (shell == null || !shell.isAlive()) {
            return;
        }
        try (OutputStream in = shell.getOutputStream()) {
            in.write((RELEASE + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            shell.destroy();
        }
        if (!Processes.awaitExit(shell.toHandle(), Duration.ofSeconds(2))) {
            shell.destroyForcibly();
        }
    }
}
