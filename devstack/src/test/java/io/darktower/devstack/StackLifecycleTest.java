package io.darktower.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The embedded stack's servers never outlive their platform: each scenario runs the stack in a JVM of its own
 * ({@link StackProcess}) on kept data and fixed ports, like the local run, and kills or stops it.
 */
class StackLifecycleTest {

    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration GONE = Duration.ofSeconds(20);

    private Path dataDir;
    private Map<String, String> stack;

    @BeforeEach
    void freshDataFolderAndPorts(TestInfo test) {
        dataDir = Path.of(System.getProperty("darktower.data-dir", "target/devstack"))
                .resolve("lifecycle-" + ProcessHandle.current().pid() + "-" + test.getTestMethod().orElseThrow().getName())
                .toAbsolutePath();
        Directories.deleteRecursively(dataDir);
        stack = Map.of(
                "darktower.infra", "embedded",
                "darktower.data-dir", dataDir.toString(),
                "darktower.keep-data", "true",
                "darktower.kafka.port", Integer.toString(Ports.orFree(0)),
                "darktower.postgres.port", Integer.toString(Ports.orFree(0)),
                "darktower.redis.port", Integer.toString(Ports.orFree(0)));
    }

    @AfterEach
    void nothingOfTheTestIsLeftRunning() {
        var left = ServerProcesses.on(dataDir);
        left.forEach(ProcessHandle::destroyForcibly);
        assertThat(left).as("servers left on %s: %s", dataDir, ServerProcesses.describe(left)).isEmpty();
        Directories.deleteRecursively(dataDir);
    }

    @Test
    void serversDieWithAKilledStackAndTheNextStartSucceeds() throws Exception {
        ProcessHandle postgres;
        ProcessHandle redis;
        try (ChildJvm first = ChildJvm.run(StackProcess.class, stack, Map.of())) {
            assertThat(first.awaitOutput("READY", START)).as(first.output()).isTrue();
            postgres = postmaster();
            redis = redisServer();

            first.kill();
        }

        assertThat(Processes.awaitExit(postgres, GONE)).as("PostgreSQL stops when its platform is killed").isTrue();
        assertThat(Processes.awaitExit(redis, GONE)).as("Redis stops when its platform is killed").isTrue();
        try (ChildJvm second = ChildJvm.run(StackProcess.class, stack, Map.of())) {
            assertThat(second.awaitOutput("READY", START)).as(second.output()).isTrue();
            ProcessHandle secondPostgres = postmaster();
            ProcessHandle secondRedis = redisServer();

            assertThat(second.terminate(START)).as("SIGTERM").isEqualTo(143);
            assertThat(secondPostgres.isAlive()).isFalse();
            assertThat(secondRedis.isAlive()).isFalse();
        }
    }

    @Test
    void serversLeftRunningByAKilledStackAreStoppedAtTheNextStart() throws Exception {
        ProcessHandle postgres;
        ProcessHandle redis;
        try (ChildJvm first = ChildJvm.run(StackProcess.class, stack, Map.of())) {
            assertThat(first.awaitOutput("READY", START)).as(first.output()).isTrue();
            postgres = postmaster();
            redis = redisServer();
            // without its watchdogs the killed JVM leaves its servers behind, as a platform before them did
            first.handle().children().filter(child -> child.pid() != redis.pid()).forEach(ProcessHandle::destroyForcibly);

            first.kill();
        }
        assertThat(Processes.awaitExit(postgres, Duration.ofSeconds(2))).as("PostgreSQL left behind").isFalse();
        assertThat(redis.isAlive()).as("Redis left behind").isTrue();

        try (ChildJvm second = ChildJvm.run(StackProcess.class, stack, Map.of())) {
            assertThat(second.awaitOutput("READY", START)).as(second.output()).isTrue();

            assertThat(second.stdout())
                    .anyMatch(line -> line.contains("stopped a PostgreSQL (pid " + postgres.pid() + ") left running by an earlier platform"))
                    .anyMatch(line -> line.contains("stopped a Redis (pid " + redis.pid() + ") left running by an earlier platform"));
            assertThat(postgres.isAlive()).isFalse();
            assertThat(redis.isAlive()).isFalse();
        }
    }

    @Test
    void aSecondStackOnARunningStacksDataFolderRefusesToStartAndLeavesTheFirstAlone() throws Exception {
        try (ChildJvm running = ChildJvm.run(StackProcess.class, stack, Map.of())) {
            assertThat(running.awaitOutput("READY", START)).as(running.output()).isTrue();
            ProcessHandle postgres = postmaster();
            ProcessHandle redis = redisServer();

            DevStackConfig sameFolder = DevStackConfig.from(key -> Optional.ofNullable(stack.get(key)), stack);
            assertThatThrownBy(() -> DevStack.start(sameFolder))
                    .hasMessageContaining("is in use by a running platform (pid " + running.handle().pid() + ")");

            assertThat(postgres.isAlive()).isTrue();
            assertThat(redis.isAlive()).isTrue();
        }
    }

    @Test
    void aTakenPortFailsTheStartWithOneLineBeforeAnyServerStarts() throws Exception {
        int redisPort = Integer.parseInt(stack.get("darktower.redis.port"));
        try (var taken = new ServerSocket(redisPort, 50, InetAddress.getLoopbackAddress());
             ChildJvm failing = ChildJvm.run(StackProcess.class, stack, Map.of())) {

            assertThat(failing.awaitExit(START)).isEqualTo(1);
            assertThat(failing.stderr()).as(failing.output()).containsExactly("stack did not start: Redis cannot listen on 127.0.0.1:"
                    + redisPort + ": the port is in use by another process (DARKTOWER_REDIS_PORT chooses another)");
            assertThat(failing.stdout()).noneMatch(line -> line.contains("READY"));
        }
    }

    private ProcessHandle postmaster() {
        return EmbeddedPostgresServer.pidFile(dataDir.resolve("postgres")).runningProcess().orElseThrow();
    }

    private ProcessHandle redisServer() {
        return EmbeddedRedisServer.pidFile(dataDir.resolve("redis")).runningProcess().orElseThrow();
    }
}
