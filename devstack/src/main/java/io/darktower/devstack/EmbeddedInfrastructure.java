package io.darktower.devstack;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka (KRaft, in-process), PostgreSQL 18 and Redis 7 started on this machine, no Docker needed.
 * The three start in parallel; a failure stops whatever had started.
 */
public final class EmbeddedInfrastructure implements Infrastructure {

    public static final String DATABASE = "darktower";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedInfrastructure.class);

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
            Directories.deleteRecursively(runDir);
        }
        Directories.create(runDir);
        long t0 = System.nanoTime();
        var kafka = CompletableFuture.supplyAsync(() -> unchecked(() ->
                EmbeddedKafka.start(runDir.resolve("kafka"), config.kafkaPort())));
        var postgres = CompletableFuture.supplyAsync(() -> unchecked(() ->
                EmbeddedPostgresServer.start(runDir.resolve("postgres"), config.postgresPort(), config.keepData())));
        var redis = CompletableFuture.supplyAsync(() -> unchecked(() ->
                EmbeddedRedisServer.start(runDir.resolve("redis"), config.redisPort(), config.keepData())));
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            CompletableFuture.allOf(kafka, postgres, redis).exceptionally(e -> null).join();
            for (var future : List.of(kafka, postgres, redis)) {
                if (!future.isCompletedExceptionally()) {
                    started.push(future.join());
                }
            }
            Endpoints endpoints = new Endpoints(
                    kafka.join().bootstrapServers(),
                    "127.0.0.1", postgres.join().port(), DATABASE,
                    EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD,
                    "127.0.0.1", redis.join().port());
            Databases.ensureExists(endpoints);
            log.info("embedded infrastructure ready in {} ms under {}", (System.nanoTime() - t0) / 1_000_000, runDir);
            return new EmbeddedInfrastructure(started, endpoints, runDir, config.keepData());
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

    private interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    private static <T> T unchecked(ThrowingSupplier<T> supplier) {
        try {
            return supplier.get();
        } catch (RuntimeException e) {
            throw e;
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
