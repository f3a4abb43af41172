package io.darktower.commands.relay;

import java.time.Duration;

/**
 * How the relay reaches the event store and Kafka.
 *
 * @param slotName        the logical replication slot; one running relay per slot
 * @param topicPartitions partitions of each event topic when the relay creates it
 * @param pollInterval    how often change data capture polls the WAL stream: the floor of publish latency
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
        Duration pollInterval) {

    public static RelaySettings defaults(String postgresHost, int postgresPort, String database, String user,
                                         String password, String kafkaBootstrapServers) {
        return new RelaySettings(postgresHost, postgresPort, database, user, password, kafkaBootstrapServers,
                "darktower_relay", 6, (short) 1, Duration.ofMillis(10));
    }

    public RelaySettings withSlotName(String otherSlot) {
        return new RelaySettings(postgresHost, postgresPort, database, user, password, kafkaBootstrapServers,
                otherSlot, topicPartitions, topicReplication, pollInterval);
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + postgresHost + ":" + postgresPort + "/" + database;
    }
}
