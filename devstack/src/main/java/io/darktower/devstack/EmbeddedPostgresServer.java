package io.darktower.devstack;

import io.darktower.devstack.Processes.Signal;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real PostgreSQL 18 server (zonky binaries) run as a child process, with logical WAL for change data capture.
 * The postmaster records itself in {@code postmaster.pid} of its data folder; a watchdog stops it if this JVM dies
 * first, and a start on the same folder stops one an earlier platform left running.
 */
final class EmbeddedPostgresServer implements AutoCloseable {

    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

    /** Per signal: fast shutdown (SIGINT), then immediate (SIGQUIT), then SIGKILL. */
    private static final Duration STOP_PATIENCE = Duration.ofSeconds(10);
    private static final Signal[] STOP = {Signal.INT, Signal.QUIT, Signal.KILL};

    private final EmbeddedPostgres postgres;
    private final ProcessHandle postmaster;
    private final Watchdog watchdog;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, ProcessHandle postmaster, Watchdog watchdog) {
        this.postgres = postgres;
        this.postmaster = postmaster;
        this.watchdog = watchdog;
    }

    static PidFile pidFile(Path dataDir) {
        return new PidFile(dataDir.resolve("postmaster.pid"), "postgres", dataDir);
    }

    static void stopLeftover(Path dataDir) {
        Leftovers.stop(pidFile(dataDir), "PostgreSQL", STOP_PATIENCE, STOP);
    }

    static EmbeddedPostgresServer start(Path dataDir, int requestedPort, boolean keepData) throws IOException {
        Directories.create(dataDir.getParent());
        PidFile pidFile = pidFile(dataDir);
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    .setPgBinaryResolver(PostgresBinaries.INSTANCE)
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(!keepData)
                    .setPort(Ports.orFree(requestedPort))
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // stopped in order by whoever started it (after the projections and the relay that use it), and by
                    // the watchdog when the JVM dies; zonky's own hook would stop it under them at the same time
                    .setRegisterShutdownHook(false)
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_wal_senders", "10")
                    .setServerConfig("max_replication_slots", "20")
                    .setServerConfig("max_connections", "300")
                    // keep synchronous_commit on: turning it off delays logical decoding
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", keepData ? "on" : "off")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .start();
        } catch (IOException | RuntimeException e) {
            // a postmaster that started but never answered must not outlive the failed start
            pidFile.runningProcess().ifPresent(p -> Processes.stop(p, STOP_PATIENCE, STOP));
            throw e;
        }
        var postmaster = pidFile.runningProcess();
        if (postmaster.isEmpty()) {
            postgres.close();
            throw new IllegalStateException("PostgreSQL answers but " + pidFile.path() + " names no postmaster");
        }
        return new EmbeddedPostgresServer(postgres, postmaster.get(), Watchdog.guard(postmaster.get().pid(), Signal.INT));
    }

    int port() {
        return postgres.getPort();
    }

    /** Stops the postmaster and waits until it is gone: the wait is on the process itself. */
    @Override
    public void close() {
        watchdog.release();
        try {
            postgres.close();
        } catch (IOException e) {
            // stopped below by signal
        }
        if (!Processes.stop(postmaster, STOP_PATIENCE, STOP)) {
            throw new IllegalStateException("PostgreSQL (pid " + postmaster.pid() + ") does not stop");
        }
    }
}
