package io.darktower.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.darktower.readmodel.RedisKeys;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Drives a running platform over HTTP with concurrent clients: creates meetings, joins participants to them,
 * makes them leave (so every meeting ends by itself), and prints one JSON document with throughput and latency
 * percentiles per operation, plus projection lag: from a join's HTTP success until the participant is visible
 * in Redis and in PostgreSQL.
 *
 * <p>Arguments ({@code --name=value}): url, meetings, participants (per meeting), concurrency, lag-samples,
 * redis (host:port), jdbc-url, jdbc-user, jdbc-password. Defaults match the local run's fixed ports.
 */
public final class PlatformBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_LATENCY_NANOS = Duration.ofSeconds(60).toNanos();

    private final Map<String, String> args;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String url;

    private PlatformBench(Map<String, String> args) {
        this.args = args;
        this.url = arg("url", "http://localhost:8080");
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (String a : argv) {
            if (!a.startsWith("--") || !a.contains("=")) {
                throw new IllegalArgumentException("arguments look like --meetings=200, not " + a);
            }
            args.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        System.out.println(new PlatformBench(args).run().toPrettyString());
    }

    private String arg(String name, String fallback) {
        return args.getOrDefault(name, fallback);
    }

    private int intArg(String name, int fallback) {
        return Integer.parseInt(arg(name, Integer.toString(fallback)));
    }

    /** One timed kind of request. */
    private static final class Operation {
        final Histogram latency = new ConcurrentHistogram(MAX_LATENCY_NANOS, 3);
        final AtomicLong errors = new AtomicLong();
        long wallNanos;

        <T> T time(Supplier<T> request) {
            long t0 = System.nanoTime();
            try {
                T result = request.get();
                latency.recordValue(Math.min(System.nanoTime() - t0, MAX_LATENCY_NANOS));
                return result;
            } catch (RuntimeException e) {
                errors.incrementAndGet();
                return null;
            }
        }
    }

    ObjectNode run() throws Exception {
        int meetings = intArg("meetings", 200);
        int perMeeting = intArg("participants", 4);
        int concurrency = intArg("concurrency", 16);
        int lagSamples = intArg("lag-samples", 200);
        String[] redisAddress = arg("redis", "127.0.0.1:16379").split(":");

        Operation create = new Operation();
        Operation join = new Operation();
        Operation leave = new Operation();
        Histogram redisLag = new ConcurrentHistogram(MAX_LATENCY_NANOS, 3);
        Histogram postgresLag = new ConcurrentHistogram(MAX_LATENCY_NANOS, 3);

        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        RedisClient redisClient = RedisClient.create("redis://" + redisAddress[0] + ":" + redisAddress[1]);
        try (clients; var redisConnection = redisClient.connect();
             Connection pg = DriverManager.getConnection(arg("jdbc-url", "jdbc:postgresql://127.0.0.1:15432/darktower"),
                     arg("jdbc-user", "postgres"), arg("jdbc-password", "postgres"))) {
            long start = System.nanoTime();

            List<String> meetingIds = runAll(clients, meetings, create, i -> post("/api/v1/meetings",
                    "{\"displayName\":\"bench " + i + "\",\"maxParticipants\":" + (perMeeting + 1) + "}").get("meetingId").asText());
            meetingIds.removeIf(Objects::isNull);

            int joins = meetingIds.size() * perMeeting;
            int sampleEvery = Math.max(1, joins / Math.max(1, lagSamples));
            LagProbe probe = new LagProbe(redisConnection.sync(), pg, redisLag, postgresLag);
            Thread prober = new Thread(probe, "lag-probe");
            prober.start();
            List<Joined> participants = runAll(clients, joins, join, i -> {
                String meetingId = meetingIds.get(i % meetingIds.size());
                Joined joined = new Joined(UUID.fromString(meetingId), UUID.fromString(post(
                        "/api/v1/meetings/" + meetingId + "/participants",
                        "{\"displayName\":\"p" + i + "\"}").get("participantId").asText()));
                if (i % sampleEvery == 0) {
                    probe.watch(joined, System.nanoTime());
                }
                return joined;
            });
            probe.finish();
            prober.join();
            probe.rethrowFailure();

            participants.removeIf(Objects::isNull);
            runAll(clients, participants.size(), leave, i -> {
                Joined p = participants.get(i);
                return delete("/api/v1/meetings/" + p.meetingId() + "/participants/" + p.participantId());
            });

            ObjectNode out = JSON.createObjectNode();
            ObjectNode config = out.putObject("config");
            config.put("url", url).put("meetings", meetings).put("participants_per_meeting", perMeeting)
                    .put("concurrency", concurrency).put("lag_samples", probe.watched())
                    .put("processors", Runtime.getRuntime().availableProcessors());
            ObjectNode ops = out.putObject("operations");
            report(ops.putObject("create_meeting"), create);
            report(ops.putObject("join"), join);
            report(ops.putObject("leave"), leave);
            ObjectNode lag = out.putObject("projection_lag_ms");
            percentiles(lag.putObject("redis"), redisLag);
            percentiles(lag.putObject("postgres"), postgresLag);
            out.put("wall_seconds", (System.nanoTime() - start) / 1e9);
            return out;
        } finally {
            redisClient.shutdown();
        }
    }

    /** Runs {@code count} requests on the client pool; the operation's wall time spans first start to last end. */
    private <T> List<T> runAll(ExecutorService clients, int count, Operation op, IntFunction<T> request) {
        long t0 = System.nanoTime();
        List<CompletableFuture<T>> futures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int n = i;
            futures.add(CompletableFuture.supplyAsync(() -> op.time(() -> request.apply(n)), clients));
        }
        List<T> results = new ArrayList<>(futures.stream().map(CompletableFuture::join).toList());
        op.wallNanos = System.nanoTime() - t0;
        return results;
    }

    /** A participant the benchmark joined to a meeting. */
    private record Joined(UUID meetingId, UUID participantId) {
    }

    /**
     * Watches sampled joins while the load runs: each pass checks every pending participant once in Redis and in
     * PostgreSQL and records the time from the join's HTTP success to the first pass that sees it.
     */
    private static final class LagProbe implements Runnable {
        private final Queue<Sample> incoming = new ConcurrentLinkedQueue<>();
        private final RedisCommands<String, String> redis;
        private final Connection pg;
        private final Histogram redisLag;
        private final Histogram postgresLag;
        private final AtomicLong watched = new AtomicLong();
        private volatile boolean finishing;
        private volatile Exception failure;

        /** A sampled join, and whether each read model has shown it yet. */
        private static final class Sample {
            final Joined joined;
            final long joinedAtNanos;
            boolean inRedis;
            boolean inPostgres;

            Sample(Joined joined, long joinedAtNanos) {
                this.joined = joined;
                this.joinedAtNanos = joinedAtNanos;
            }
        }

        LagProbe(RedisCommands<String, String> redis, Connection pg, Histogram redisLag, Histogram postgresLag) {
            this.redis = redis;
            this.pg = pg;
            this.redisLag = redisLag;
            this.postgresLag = postgresLag;
        }

        void watch(Joined joined, long joinedAtNanos) {
            watched.incrementAndGet();
            incoming.add(new Sample(joined, joinedAtNanos));
        }

        /** A probe that failed would report too few samples: the run fails instead. */
        void rethrowFailure() {
            if (failure != null) {
                throw new IllegalStateException("lag probe failed", failure);
            }
        }

        long watched() {
            return watched.get();
        }

        void finish() {
            finishing = true;
        }

        @Override
        public void run() {
            List<Sample> pending = new ArrayList<>();
            try (PreparedStatement visible = pg.prepareStatement(
                    "SELECT 1 FROM meeting_participants WHERE meeting_id = ? AND participant_id = ?")) {
                long giveUp = Long.MAX_VALUE;
                while (System.nanoTime() < giveUp) {
                    for (Sample s; (s = incoming.poll()) != null; ) {
                        pending.add(s);
                    }
                    if (finishing && giveUp == Long.MAX_VALUE) {
                        giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    }
                    if (pending.isEmpty()) {
                        if (finishing && incoming.isEmpty()) {
                            return;
                        }
                        Thread.sleep(1);
                        continue;
                    }
                    for (var it = pending.iterator(); it.hasNext(); ) {
                        Sample s = it.next();
                        if (!s.inRedis && redis.sismember(RedisKeys.meetingParticipants(s.joined.meetingId()),
                                s.joined.participantId().toString())) {
                            s.inRedis = true;
                            redisLag.recordValue(Math.min(System.nanoTime() - s.joinedAtNanos, MAX_LATENCY_NANOS));
                        }
                        if (!s.inPostgres) {
                            visible.setObject(1, s.joined.meetingId());
                            visible.setObject(2, s.joined.participantId());
                            try (ResultSet rs = visible.executeQuery()) {
                                if (rs.next()) {
                                    s.inPostgres = true;
                                    postgresLag.recordValue(Math.min(System.nanoTime() - s.joinedAtNanos, MAX_LATENCY_NANOS));
                                }
                            }
                        }
                        if (s.inRedis && s.inPostgres) {
                            it.remove();
                        }
                    }
                }
            } catch (Exception e) {
                failure = e;
            }
        }
    }

    private JsonNode post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), 201);
    }

    private JsonNode delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).DELETE().build(), 204);
    }

    private JsonNode send(HttpRequest request, int expected) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(request.method() + " " + request.uri() + " -> " + response.statusCode()
                        + " " + response.body());
            }
            return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void report(ObjectNode node, Operation op) {
        long ok = op.latency.getTotalCount();
        node.put("ok", ok).put("errors", op.errors.get())
                .put("throughput_per_s", op.wallNanos == 0 ? 0 : ok / (op.wallNanos / 1e9));
        percentiles(node, op.latency);
    }

    private static void percentiles(ObjectNode node, Histogram h) {
        node.put("samples", h.getTotalCount());
        if (h.getTotalCount() == 0) {
            return;
        }
        node.put("p50_ms", h.getValueAtPercentile(50) / 1e6)
                .put("p95_ms", h.getValueAtPercentile(95) / 1e6)
                .put("p99_ms", h.getValueAtPercentile(99) / 1e6)
                .put("max_ms", h.getMaxValue() / 1e6);
    }
}
