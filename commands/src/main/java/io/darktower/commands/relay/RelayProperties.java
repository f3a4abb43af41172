package io.darktower.commands.relay;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The relay's configuration ({@code darktower.relay.*}), bound and validated in one place instead of read
 * property by property. Where the event store and Kafka are is not here: the relay follows the write side's
 * {@code spring.datasource.*} and {@code darktower.kafka.bootstrap-servers}.
 *
 * @param enabled           whether this process runs a relay; one per slot, so further instances set false
 * @param slotName          the replication slot, which also names the relay's offsets
 * @param topicPartitions   partitions of an event topic the relay creates
 * @param topicReplication  replication factor of an event topic the relay creates
 * @param pollInterval      how often change data capture polls the WAL stream
 * @param heartbeatInterval how often the relay moves its slot on while no event is stored
 */
@ConfigurationProperties("darktower.relay")
public record RelayProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue(RelaySettings.DEFAULT_SLOT) String slotName,
        @DefaultValue("6") int topicPartitions,
        @DefaultValue("1") short topicReplication,
        @DefaultValue("10ms") Duration pollInterval,
        @DefaultValue("10s") Duration heartbeatInterval) {

    /** The settings of a relay with this configuration on the given event store and Kafka. */
    public RelaySettings settings(String jdbcUrl, String user, String password, String kafkaBootstrapServers) {
        return new RelaySettings(jdbcUrl, user, password, kafkaBootstrapServers, slotName, topicPartitions,
                topicReplication, pollInterval, heartbeatInterval);
    }
}
