package io.darktower.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * The benchmark's arguments ({@code --name=value}), parsed once and checked, so that a typo fails at once
 * instead of silently measuring a default. Defaults match the local run's fixed ports.
 *
 * @param url            the gateway
 * @param meetings       meetings created in the measured run
 * @param participants   participants joined to (and leaving) each meeting
 * @param concurrency    client threads, each with one request in flight
 * @param rate           measured requests per second across all clients (an open-loop schedule); 0 = as fast as
 *                       the clients go
 * @param lagSamples     joins watched by the projection lag probe
 * @param redisHost      the read model's Redis, for the lag probe
 * @param redisPort      its port
 * @param jdbcUrl        the read model's PostgreSQL, for the lag probe
 * @param jdbcUser       its user
 * @param jdbcPassword   its password
 * @param warmup         load before the measured run, not counted
 * @param requestTimeout longest wait for one HTTP answer (connect and response)
 * @param stallTimeout   the run aborts when no HTTP answer at all came for this long
 * @param deadline       the run aborts when it takes longer than this, warm-up included
 * @param lagTimeout     a lag sample not visible this long after its join counts as unseen
 * @param platformPid    the platform JVM, if the caller knows it (else found by its listening port)
 * @param postgresPid    the PostgreSQL postmaster, if the caller knows it
 * @param redisPid       the Redis server, if the caller knows it
 * @param out            also write the JSON to this file (under {@code spring-boot:run} stdout and stderr are
 *                       one stream, so this is the clean copy); null for stdout only
 */
record BenchOptions(
        URI url,
        int meetings,
        int participants,
        int concurrency,
        int rate,
        int lagSamples,
        String redisHost,
        int redisPort,
        String jdbcUrl,
        String jdbcUser,
        String jdbcPassword,
        Warmup warmup,
        Duration requestTimeout,
        Duration stallTimeout,
        Duration deadline,
        Duration lagTimeout,
        OptionalLong platformPid,
        OptionalLong postgresPid,
        OptionalLong redisPid,
        Path out) {

    static final String USAGE = """
            arguments (--name=value):
              url             gateway (http://localhost:8080)
              meetings        meetings created in the measured run (200)
              participants    participants per meeting (4)
              concurrency     client threads (16)
              rate            measured requests per second, spread evenly; 0 = as fast as the clients go (0)
              warmup          not counted: 60s (a duration) or 2000 (commands); 0 = none (0)
              lag-samples     joins watched by the projection lag probe (200)
              lag-timeout     a sample not visible after this counts as unseen (30s)
              redis           host:port of the read model's Redis (127.0.0.1:16379)
              jdbc-url        read model's PostgreSQL (jdbc:postgresql://127.0.0.1:15432/darktower)
              jdbc-user       (postgres)
              jdbc-password   (postgres)
              request-timeout one HTTP request, connect included (10s)
              stall-timeout   abort when no HTTP answer came for this long (20s)
              deadline        abort when the whole run takes longer (30m)
              platform-pid    platform JVM (default: the process listening on the url's port)
              postgres-pid    PostgreSQL postmaster (default: the process listening on the jdbc-url's port)
              redis-pid       Redis server (default: the process listening on the redis port)
              out             also write the JSON to this file (relative to the project directory under
                              spring-boot:run, where stdout and stderr are merged)
            """;

    private static final Set<String> NAMES = Set.of("url", "base-url", "meetings", "participants", "concurrency",
            "rate", "warmup", "lag-samples", "lag-timeout", "redis", "jdbc-url", "jdbc-user", "jdbc-password",
            "request-timeout", "stall-timeout", "deadline", "platform-pid", "postgres-pid", "redis-pid", "out");

    static BenchOptions parse(String... argv) {
        Map<String, String> args = new HashMap<>();
        for (String a : argv) {
            if (!a.startsWith("--") || !a.contains("=")) {
                throw new IllegalArgumentException("arguments look like --meetings=200, not " + a);
            }
            String name = a.substring(2, a.indexOf('='));
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown argument --" + name + "; known: " + new TreeSet<>(NAMES));
            }
            args.put(name, a.substring(a.indexOf('=') + 1));
        }
        String[] redis = args.getOrDefault("redis", "127.0.0.1:16379").split(":");
        if (redis.length != 2) {
            throw new IllegalArgumentException("--redis is host:port, not " + args.get("redis"));
        }
        String url = args.getOrDefault("url", args.getOrDefault("base-url", "http://localhost:8080"));
        BenchOptions options = new BenchOptions(
                URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url),
                positive(args, "meetings", 200),
                positive(args, "participants", 4),
                positive(args, "concurrency", 16),
                notNegative(args, "rate"),
                Integer.parseInt(args.getOrDefault("lag-samples", "200")),
                redis[0],
                Integer.parseInt(redis[1]),
                args.getOrDefault("jdbc-url", "jdbc:postgresql://127.0.0.1:15432/darktower"),
                args.getOrDefault("jdbc-user", "postgres"),
                args.getOrDefault("jdbc-password", "postgres"),
                Warmup.parse(args.getOrDefault("warmup", "0")),
                Durations.parse(args.getOrDefault("request-timeout", "10s")),
                Durations.parse(args.getOrDefault("stall-timeout", "20s")),
                Durations.parse(args.getOrDefault("deadline", "30m")),
                Durations.parse(args.getOrDefault("lag-timeout", "30s")),
                pid(args, "platform-pid"),
                pid(args, "postgres-pid"),
                pid(args, "redis-pid"),
                args.containsKey("out") ? Path.of(args.get("out")) : null);
        if (options.requestTimeout.isZero() || options.stallTimeout.isZero() || options.deadline.isZero()
                || options.lagTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts and the deadline must be longer than 0");
        }
        return options;
    }

    /** The gateway's port: the platform JVM is the process listening on it. */
    int httpPort() {
        return url.getPort() > 0 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
    }

    /** The PostgreSQL port in {@code jdbc:postgresql://host:port/db}, 5432 if absent. */
    int postgresPort() {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        return uri.getPort() > 0 ? uri.getPort() : 5432;
    }

    private static int notNegative(Map<String, String> args, String name) {
        int value = Integer.parseInt(args.getOrDefault(name, "0"));
        if (value < 0) {
            throw new IllegalArgumentException("--" + name + " must not be negative, not " + value);
        }
        return value;
    }

    private static int positive(Map<String, String> args, String name, int fallback) {
        int value = Integer.parseInt(args.getOrDefault(name, Integer.toString(fallback)));
        if (value < 1) {
            throw new IllegalArgumentException("--" + name + " must be at least 1, not " + value);
        }
        return value;
    }

    private static OptionalLong pid(Map<String, String> args, String name) {
        return args.containsKey(name) ? OptionalLong.of(Long.parseLong(args.get(name))) : OptionalLong.empty();
    }
}
