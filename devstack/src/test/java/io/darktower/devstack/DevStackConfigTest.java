package io.darktower.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DevStackConfigTest {

    @Test
    void externalAddressesComeFromConfiguration() {
        Map<String, String> given = Map.of(
                "darktower.infra", "external",
                "darktower.kafka.bootstrap-servers", "kafka:9092",
                "darktower.postgres.host", "db",
                "darktower.postgres.external-port", "5433",
                "darktower.redis.host", "cache");
        DevStackConfig config = DevStackConfig.from(key -> Optional.ofNullable(given.get(key)), Map.of(
                "darktower.data-dir", "x", "darktower.keep-data", "false",
                "darktower.kafka.port", "0", "darktower.postgres.port", "0", "darktower.redis.port", "0"));

        Endpoints endpoints = DevStack.start(config).endpoints();

        assertThat(endpoints.kafkaBootstrapServers()).isEqualTo("kafka:9092");
        assertThat(endpoints.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5433/darktower");
        assertThat(endpoints.redisUri()).isEqualTo("redis://cache:6379");
    }

    @Test
    void environmentVariableNamesFollowThePropertyNames() {
        assertThat(DevStackConfig.envName("darktower.kafka.bootstrap-servers")).isEqualTo("DARKTOWER_KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void unknownProviderIsRejectedByName() {
        DevStackConfig config = DevStackConfig.from(key -> Optional.ofNullable(Map.of("darktower.infra", "k8s").get(key)),
                Map.of("darktower.data-dir", "x", "darktower.keep-data", "false",
                        "darktower.kafka.port", "0", "darktower.postgres.port", "0", "darktower.redis.port", "0"));
        assertThatThrownBy(() -> DevStack.start(config)).hasMessageContaining("k8s").hasMessageContaining("embedded");
    }
}
