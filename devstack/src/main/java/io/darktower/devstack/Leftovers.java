package io.darktower.devstack;

import io.darktower.devstack.Processes.Signal;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Servers that an earlier platform on the same data folder left running because it died without stopping them
 * (kill -9, out of memory). They hold the ports and files the next start needs, so that start stops them first.
 */
final class Leftovers {

    private static final Logger log = LoggerFactory.getLogger(Leftovers.class);

    private Leftovers() {
    }

    /**
     * Stops the process {@code pidFile} records, if it still runs, escalating through the signals; then removes the
     * file if no process runs under its pid. A file naming a live process that is not recognisably the server is
     * left in place: for PostgreSQL it is the guard against a second postmaster on the same data.
     */
    static void stop(PidFile pidFile, String server, Duration patience, Signal... escalation) {
        pidFile.runningProcess().ifPresent(process -> {
            if (!Processes.stop(process, patience, escalation)) {
                throw new IllegalStateException("a " + server + " (pid " + process.pid()
                        + ") left running by an earlier platform does not stop; stop it by hand");
            }
            log.warn("stopped a {} (pid {}) left running by an earlier platform", server, process.pid());
        });
        if (pidFile.recordedPid().flatMap(Processes::alive).isEmpty()) {
            pidFile.delete();
        }
    }
}
