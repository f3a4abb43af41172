package io.darktower.devstack;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How to obtain the infrastructure. Read from system properties ({@code darktower.infra}, ...) or environment
 * variables ({@code DARKTOWER_INFRA}, ...), system properties first.
 *
 * @param provider     {@code embedded} (default) or {@code external}
 * @param dataDir      where embedded services keep their data
 * @param keepData     keep data between runs (local platform) or wipe it on start and stop (tests)
 * @param kafkaPort    embedded Kafka broker port; 0 picks a free one (the controller takes any free port)
 * @param postgresPort embedded PostgreSQL port; 0 picks a free one
 * @param redisPort    embedded Redis port; 0 picks a free one
 * @param external     the addresses used by the {@code external} provider
 */
public record DevStackConfig(
        String provider,
        Path dataDir,
        boolean keepData,
        int kafkaPort,
        int postgresPort,
        int redisPort,
        Endpoints external) {

    /** Configuration for tests: embedded on free ports, data wiped, unless the environment says external. */
    public static DevStackConfig forTests() {
        return from(DevStackConfig::fromSystem, Map.of(
                "darktower.data-dir", "target/devstack",
                "darktower.keep-data", "false",
                "darktower.kafka.port", "0",
                "darktower.postgres.port", "0",
                "darktower.redis.port", "0"));
    }

    /** Configuration for the local platform: fixed ports, data kept in {@code .darktower/data}. */
    public static DevStackConfig forLocalRun() {
        return from(DevStackConfig::fromSystem, Map.of(
                "darktower.data-dir", ".darktower/data",
                "darktower.keep-data", "true",
                "darktower.kafka.port", "19092",
                "darktower.postgres.port", "15432",
                "darktower.redis.port", "16379"));
    }

    /** The system property, else the environment variable of the same name. */
    private static Optional<String> fromSystem(String key) {
        return Optional.ofNullable(System.getProperty(key)).or(() -> Optional.ofNullable(System.getenv(envName(key))));
    }

    static DevStackConfig from(Function<String, Optional<String>> lookup, Map<String, String> defaults) {
        Function<String, String> get = key -> lookup.apply(key).orElse(defaults.get(key));
        Endpoints external = new Endpoints(
                orDefault(get.apply("darktower.kafka.bootstrap-servers"), "localhost:9092"),
                orDefault(get.apply("darktower.postgres.host"), "localhost"),
                Integer.parseInt(orDefault(get.apply("darktower.postgres.external-port"), "5432")),
                orDefault(get.apply("darktower.postgres.database"), "darktower"),
                orDefault(get.apply("darktower.postgres.user"), "darktower"),
                orDefault(get.apply("darktower.postgres.password"), "darktower"),
                orDefault(get.apply("darktower.redis.host"), "localhost"),
                Integer.parseInt(orDefault(get.apply("darktower.redis.external-port"), "6379")));
        return new DevStackConfig(
                orDefault(get.apply("darktower.infra"), "embedded"),
                Path.of(get.apply("darktower.data-dir")).toAbsolutePath(),
                Boolean.parseBoolean(get.apply("darktower.keep-data")),
                Integer.parseInt(get.apply("darktower.kafka.port")),
                Integer.parseInt(get.apply("darktower.postgres.port")),
                Integer.parseInt(get.apply("darktower.redis.port")),
                external);
    }

    /** {@code darktower.kafka.bootstrap-servers} is read from {@code DARKTOWER_KAFKA_BOOTSTRAP_SERVERS}. */
    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
