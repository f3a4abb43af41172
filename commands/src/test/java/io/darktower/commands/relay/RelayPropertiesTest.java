package io.darktower.commands.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The relay's configuration, {@code darktower.relay.*}, bound as Spring binds it. */
class RelayPropertiesTest {

    private static RelayProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("darktower.relay", RelayProperties.class);
    }

    @Test
    void nothingConfiguredMeansTheDefaults() {
        RelaySettings settings = bind(Map.of()).settings("jdbc:postgresql://h/db", "u", "p", "k:9092");

        assertThat(bind(Map.of()).enabled()).isTrue();
        assertThat(settings).isEqualTo(RelaySettings.defaults("jdbc:postgresql://h/db", "u", "p", "k:9092"));
    }

    @Test
    void everySettingIsConfigurable() {
        RelayProperties relay = bind(Map.of(
                "darktower.relay.enabled", "false",
                "darktower.relay.slot-name", "relay_two",
                "darktower.relay.topic-partitions", "12",
                "darktower.relay.topic-replication", "3",
                "darktower.relay.poll-interval", "50ms",
                "darktower.relay.heartbeat-interval", "1m"));

        assertThat(relay).isEqualTo(new RelayProperties(false, "relay_two", 12, (short) 3,
                Duration.ofMillis(50), Duration.ofMinutes(1)));
        assertThat(relay.settings("jdbc:postgresql://h/db?sslmode=require", "u", "p", "k:9092").jdbcUrl())
                .as("the event store's URL is kept whole").isEqualTo("jdbc:postgresql://h/db?sslmode=require");
    }

    @Test
    void anInvalidSlotNameIsRefused() {
        assertThatThrownBy(() -> bind(Map.of("darktower.relay.slot-name", "Relay-One")).settings("jdbc:postgresql://h/db", "u", "p", "k"))
                .hasMessageContaining("replication slot name");
    }
}
