package io.darktower.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real PostgreSQL 18 server (zonky binaries) run as a child process, with logical WAL for change data capture.
 */
final class EmbeddedPostgresServer implements AutoCloseable {

    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static EmbeddedPostgresServer start(Path dataDir, int requestedPort, boolean keepData) throws IOException {
        Directories.create(dataDir.getParent());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(!keepData)
                .setPort(Ports.orFree(requestedPort))
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("wal_level", "logical")
                .setServerConfig("max_wal_senders", "10")
                .setServerConfig("max_replication_slots", "20")
                .setServerConfig("max_connections", "300")
                // keep synchronous_commit on: turning it off delays logical decoding
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", keepData ? "on" : "off")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .start();
        return new EmbeddedPostgresServer(postgres);
    }

    int port() {
        return postgres.getPort();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
