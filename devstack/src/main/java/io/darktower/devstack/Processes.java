package io.darktower.devstack;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Signals and waits for processes this JVM may not have started itself (a postmaster forked by {@code pg_ctl}, a
 * server left by an earlier platform). Java can only send SIGTERM and SIGKILL; PostgreSQL's fast and immediate
 * shutdowns need SIGINT and SIGQUIT, sent with {@code kill}.
 */
final class Processes {

    enum Signal { INT, QUIT, TERM, KILL }

    private static final Duration POLL = Duration.ofMillis(50);

    private Processes() {
    }

    /** Sends the signals in turn, each followed by up to {@code patience} of waiting; true when the process ended. */
    static boolean stop(ProcessHandle process, Duration patience, Signal... escalation) {
        for (Signal signal : escalation) {
            if (!process.isAlive()) {
                return true;
            }
            send(process, signal);
            if (awaitExit(process, patience)) {
                return true;
            }
        }
        return !process.isAlive();
    }

    static void send(ProcessHandle process, Signal signal) {
        switch (signal) {
            case TERM -> process.destroy();
            case KILL -> process.destroyForcibly();
            default -> kill(process.pid(), signal);
        }
    }

    static boolean awaitExit(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (process.isAlive()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !process.isAlive();
            }
        }
        return true;
    }

    static Optional<ProcessHandle> alive(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    }

    private static void kill(long pid, Signal signal) {
        try {
            new ProcessBuilder("kill", "-s", signal.name(), Long.toString(pid))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("cannot send SIG" + signal + " to pid " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
