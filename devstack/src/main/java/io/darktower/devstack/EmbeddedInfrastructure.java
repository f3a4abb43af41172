package io.darktower.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka (KRaft, in-process), PostgreSQL 18 and Redis 7 started on this machine, no Docker needed.
 * The three start in parallel; a failure stops whatever had started. The data folder is locked while the stack
 * runs, and a start first stops the servers an earlier, killed stack left running on it.
 */
public final class EmbeddedInfrastructure implements Infrastructure {

    public static final String DATABASE = "darktower";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedInfrastructure.class);
    private static final Pattern RUN_DIR = Pattern.compile("run-([0-9]{1,10})");

    private final Deque<AutoCloseable> started;
    private final Endpoints endpoints;
    private final Path runDir;
    private final boolean keepData;

    private EmbeddedInfrastructure(Deque<AutoCloseable> started, Endpoints endpoints, Path runDir, boolean keepData) {
        this.started = started;
        this.endpoints = endpoints;
        this.runDir = runDir;
        this.keepData = keepData;
    }

    public static EmbeddedInfrastructure start(DevStackConfig config) {
        // data that is not kept goes to a folder of this run only, so parallel JVMs never share one
        Path runDir = config.keepData() ? config.dataDir() : config.dataDir().resolve("run-" + ProcessHandle.current().pid());
        if (!config.keepData()) {
            removeAbandonedRuns(config.dataDir());
            Directories.deleteRecursively(runDir);
        }
        Directories.create(runDir);
        long t0 = System.nanoTime();
        Deque<AutoCloseable> started = new ArrayDeque<>();
        started.push(RunLock.acquire(runDir));
        try {
            stopLeftovers(runDir);
            Ports.requireFree(config.kafkaPort(), "Kafka", "DARKTOWER_KAFKA_PORT");
            Ports.requireFree(config.postgresPort(), "PostgreSQL", "DARKTOWER_POSTGRES_PORT");
            Ports.requireFree(config.redisPort(), "Redis", "DARKTOWER_REDIS_PORT");
            ExecutorService starter = Executors.newFixedThreadPool(3, threadsLike(Thread.currentThread()));
            try {
                var kafka = CompletableFuture.supplyAsync(() -> unchecked(() ->
                        EmbeddedKafka.start(runDir.resolve("kafka"), config.kafkaPort())), starter);
                var postgres = CompletableFuture.supplyAsync(() -> unchecked(() ->
                        EmbeddedPostgresServer.start(runDir.resolve("postgres"), config.postgresPort(), config.keepData())), starter);
                var redis = CompletableFuture.supplyAsync(() -> unchecked(() ->
                        EmbeddedRedisServer.start(runDir.resolve("redis"), config.redisPort(), config.keepData())), starter);
                awaitAll(List.of(kafka, postgres, redis), started);
                Endpoints endpoints = new Endpoints(
                        kafka.join().bootstrapServers(),
                        "127.0.0.1", postgres.join().port(), DATABASE,
                        EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD,
                        "127.0.0.1", redis.join().port());
                Databases.ensureExists(endpoints);
                log.info("embedded infrastructure ready in {} ms under {}", (System.nanoTime() - t0) / 1_000_000, runDir);
                return new EmbeddedInfrastructure(started, endpoints, runDir, config.keepData());
            } finally {
                starter.shutdown();
            }
        } catch (RuntimeException e) {
            closeAll(started);
            throw e;
        }
    }

    @Override
    public Endpoints endpoints() {
        return endpoints;
    }

    @Override
    public synchronized void close() {
        closeAll(started);
        if (!keepData) {
            Directories.deleteRecursively(runDir);
        }
    }

    /** Waits for every server; pushes those that started, then throws the first failure with the others suppressed. */
    private static void awaitAll(List<? extends CompletableFuture<? extends AutoCloseable>> servers, Deque<AutoCloseable> started) {
        CompletableFuture.allOf(servers.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        RuntimeException failure = null;
        for (var server : servers) {
            try {
                started.push(server.join());
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void stopLeftovers(Path runDir) {
        EmbeddedPostgresServer.stopLeftover(runDir.resolve("postgres"));
        EmbeddedRedisServer.stopLeftover(runDir.resolve("redis"));
    }

    /** Test runs keep their data in {@code run-<pid>}; those of JVMs that died are stopped and deleted. */
    private static void removeAbandonedRuns(Path dataDir) {
        if (!Files.isDirectory(dataDir)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(dataDir)) {
            for (Path dir : dirs.toList()) {
                Matcher run = RUN_DIR.matcher(dir.getFileName().toString());
                if (run.matches() && Processes.alive(Long.parseLong(run.group(1))).isEmpty()) {
                    RunLock.tryAcquire(dir).ifPresent(lock -> {
                        try (lock) {
                            stopLeftovers(dir);
                        }
                        Directories.deleteRecursively(dir);
                        log.info("removed {}, left by a test run that died", dir);
                    });
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("could not clean up abandoned runs under {}: {}", dataDir, Failures.oneLine(e));
        }
    }

    private static void closeAll(Deque<AutoCloseable> started) {
        while (!started.isEmpty()) {
            AutoCloseable service = started.pop();
            try {
                service.close();
            } catch (Exception e) {
                log.warn("failed to stop {}", service.getClass().getSimpleName(), e);
            }
        }
    }

    /**
     * Start threads carry the caller's context class loader: the broker loads classes by name through it, and in an
     * executable jar only the jar's own loader (not the system one of a common-pool thread) sees them.
     */
    private static ThreadFactory threadsLike(Thread caller) {
        ClassLoader loader = caller.getContextClassLoader();
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "devstack-start-" + count.incrementAndGet());
            thread.setContextClassLoader(loader);
            thread.setDaemon(true);
            return thread;
        };
    }

    private interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    private static <T> T unchecked(ThrowingSupplier<T> supplier) {
        try {
            return supplier.get();
        } catch (RuntimeException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static final class Provider implements InfrastructureProvider {
        @Override
        public String name() {
            return "embedded";
        }

        @Override
        public Infrastructure start(DevStackConfig config) {
            return EmbeddedInfrastructure.start(config);
        }
    }
}
