package io.darktower.commands.relay;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything one relay needs: where the event store and Kafka are, and how it captures and publishes.
 *
 * @param jdbcUrl           the event store's JDBC URL, as configured ({@code spring.datasource.url}): the offset
 *                          store connects with it unchanged, change data capture with its parts
 *                          ({@link PostgresUrl}), so SSL and every other option reach both
 * @param slotName          the logical replication slot; one running relay per slot. It also names the relay:
 *                          its offsets rows, its heartbeat row and its Kafka client id
 * @param topicPartitions   partitions of each event topic when the relay creates it
 * @param topicReplication  replication factor of each event topic when the relay creates it
 * @param pollInterval      how often change data capture polls the WAL stream: the floor of publish latency
 * @param heartbeatInterval how often the relay confirms its WAL position even when no event was stored
 */
public record RelaySettings(
        String jdbcUrl,
        String user,
        String password,
        String kafkaBootstrapServers,
        String slotName,
        int topicPartitions,
        short topicReplication,
        Duration pollInterval,
        Duration heartbeatInterval) {

    public static final String DEFAULT_SLOT = "darktower_relay";

    public RelaySettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(kafkaBootstrapServers, "kafkaBootstrapServers");
        // PostgreSQL's own rule for slot names; the name also goes into the heartbeat query
        if (slotName == null || !slotName.matches("[a-z0-9_]{1,63}")) {
            throw new IllegalArgumentException("a replication slot name is 1 to 63 of a-z, 0-9 and _: " + slotName);
        }
        if (topicPartitions < 1 || topicReplication < 1) {
            throw new IllegalArgumentException("topics need at least one partition and one replica");
        }
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    }

    public static RelaySettings defaults(String jdbcUrl, String user, String password, String kafkaBootstrapServers) {
        return new RelaySettings(jdbcUrl, user, password, kafkaBootstrapServers, DEFAULT_SLOT, 6, (short) 1,
                Duration.ofMillis(10), Duration.ofSeconds(10));
    }

    public RelaySettings withSlotName(String otherSlot) {
        return new RelaySettings(jdbcUrl, user, password, kafkaBootstrapServers, otherSlot, topicPartitions,
                topicReplication, pollInterval, heartbeatInterval);
    }

    public RelaySettings withHeartbeatInterval(Duration interval) {
        return new RelaySettings(jdbcUrl, user, password, kafkaBootstrapServers, slotName, topicPartitions,
                topicReplication, pollInterval, interval);
    }

    /** The same relay with the password masked, for logs. */
    @Override
    public String toString() {
        return "RelaySettings[jdbcUrl=" + jdbcUrl + ", user=" + user + ", kafka=" + kafkaBootstrapServers
                + ", slot=" + slotName + ", partitions=" + topicPartitions + ", replication=" + topicReplication
                + ", poll=" + pollInterval + ", heartbeat=" + heartbeatInterval + "]";
    }
}
