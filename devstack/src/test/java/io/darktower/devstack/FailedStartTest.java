package io.darktower.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A start that fails part-way stops what had started and frees the data folder, in the same JVM. */
class FailedStartTest {

    private final Path dataDir = Path.of(System.getProperty("darktower.data-dir", "target/devstack"))
            .resolve("failed-start-" + ProcessHandle.current().pid()).toAbsolutePath();

    @AfterEach
    void cleanUp() {
        ServerProcesses.on(dataDir).forEach(ProcessHandle::destroyForcibly);
        Directories.deleteRecursively(dataDir);
    }

    @Test
    void aServerThatCannotStartStopsTheServersThatDid() throws Exception {
        Directories.deleteRecursively(dataDir);
        // Redis refuses a damaged append-only file, as after a disk failure; Kafka and PostgreSQL start meanwhile
        Path manifest = Directories.create(dataDir.resolve("redis/appendonlydir")).resolve("appendonly.aof.manifest");
        Files.writeString(manifest, "garbage\n");
        int kafkaPort = Ports.orFree(0);
        int postgresPort = Ports.orFree(0);
        DevStackConfig config = DevStackConfig.from(key -> Optional.empty(), Map.of(
                "darktower.data-dir", dataDir.toString(), "darktower.keep-data", "true",
                "darktower.kafka.port", Integer.toString(kafkaPort),
                "darktower.postgres.port", Integer.toString(postgresPort),
                "darktower.redis.port", "0"));

        assertThatThrownBy(() -> DevStack.start(config))
                .satisfies(e -> assertThat(Failures.oneLine(e))
                        .startsWith("Redis did not start on 127.0.0.1:")
                        .contains("Invalid AOF manifest file format"));

        assertThat(ServerProcesses.on(dataDir)).as("PostgreSQL and Redis stopped").isEmpty();
        Ports.requireFree(kafkaPort, "Kafka", "-");
        Ports.requireFree(postgresPort, "PostgreSQL", "-");
        try (var lock = RunLock.tryAcquire(dataDir).orElseThrow(() -> new AssertionError("the data folder is still locked"))) {
            assertThat(lock).isNotNull();
        }
    }
}
