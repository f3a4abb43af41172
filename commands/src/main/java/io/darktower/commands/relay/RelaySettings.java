package io.darktower.commands.relay;

import java.time.Duration;

/**
 * How the relay reaches the event store and Kafka.
 *
 * @param slotName        the logical replication slot; one running relay per slot
 * @param topicPartitions partitions of each event topic when the relay creates it
 * @param pollInterval    how often change data capture polls the WAL stream: the floor of publish latency
 * @param heartbeatInterval how often the relay confirms its WAL position even when no event was stored
 */
public record RelaySettings(
        String postgresHost,
        int postgresPort,
        String database,
        String user,
        String password,
        String kafkaBootstrapServers,
        String slotName,
        int topicPartitions,
        short topicReplication,
        Duration pollInterval,
        Duration heartbeatInterval) {

    public RelaySettings {
        // PostgreSQL's own rule for slot names; the name also goes into the heartbeat query
        if (slotName == null || !slotName.matches("[a-z0-9_]{1,63}")) {
            throw new IllegalArgumentException("a replication slot name is 1 to 63 of a-z, 0-9 and _: " + slotName);
        }
    }

    public static RelaySettings defaults(String postgresHost, int postgresPort, String database, String user,
                                         String password, String kafkaBootstrapServers) {
        return new RelaySettings(postgresHost, postgresPort, database, user, password, kafkaBootstrapServers,
                "darktower_relay", 6, (short) 1, Duration.ofMillis(10), Duration.ofSeconds(10));
    }

    public RelaySettings withSlotName(String otherSlot) {
        return new RelaySettings(postgresHost, postgresPort, database, user, password, kafkaBootstrapServers,
                otherSlot, topicPartitions, topicReplication, pollInterval, heartbeatInterval);
    }

    public RelaySettings withHeartbeatInterval(Duration interval) {
        return new RelaySettings(postgresHost, postgresPort, database, user, password, kafkaBootstrapServers,
                slotName, topicPartitions, topicReplication, pollInterval, interval);
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + postgresHost + ":" + postgresPort + "/" + database;
    }
}
