package io.darktower.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.darktower.devstack.ChildJvm;
import io.darktower.devstack.ServerProcesses;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A local run that cannot start says why in one line on stderr, exits with 1, and leaves nothing running, even
 * when it fails after the infrastructure was up. {@link DarkTowerLocal} itself runs, in a JVM of its own.
 */
class LocalRunFailureTest {

    @Test
    void aTakenHttpPortStopsTheInfrastructureThatStartedAndExitsWithOneLine() throws Exception {
        Path dataDir = Path.of(System.getProperty("darktower.data-dir", "target/devstack"))
                .resolve("local-run-failure-" + ProcessHandle.current().pid()).toAbsolutePath();
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             ChildJvm run = ChildJvm.run(DarkTowerLocal.class, Map.of(
                     "darktower.infra", "embedded",
                     "darktower.data-dir", dataDir.toString(),
                     "darktower.kafka.port", Integer.toString(freePort()),
                     "darktower.postgres.port", Integer.toString(freePort()),
                     "darktower.redis.port", Integer.toString(freePort())),
                     Map.of("DARKTOWER_HTTP_PORT", Integer.toString(taken.getLocalPort())))) {

            assertThat(run.awaitExit(Duration.ofSeconds(120))).as(run.output()).isEqualTo(1);

            assertThat(run.stdout()).as("the infrastructure had started").anyMatch(line -> line.contains("embedded infrastructure ready"));
            assertThat(run.stdout()).noneMatch(line -> line.contains("Dark Tower is up"));
            // the JDK's own warnings (sun.misc.Unsafe used by Kafka) are the only other lines there
            assertThat(run.stderr().stream().filter(line -> !line.startsWith("WARNING: ")))
                    .as(run.output()).singleElement().asString()
                    .startsWith("Dark Tower did not start: ")
                    .contains(Integer.toString(taken.getLocalPort()));
            assertThat(ServerProcesses.on(dataDir)).isEmpty();
        } finally {
            deleteRecursively(dataDir);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
