package io.darktower.commands.relay;

import io.darktower.commands.config.CommandSideConfiguration.EventStoreMigration;
import java.net.URI;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Runs the relay inside a write-side application. One relay per event store is enough (it owns a replication
 * slot); set {@code darktower.relay.enabled=false} on further instances.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "darktower.relay.enabled", havingValue = "true", matchIfMissing = true)
public class RelayConfiguration {

    @Bean(destroyMethod = "close")
    EventRelay eventRelay(EventStoreMigration migrated, Environment env) {
        URI db = URI.create(env.getRequiredProperty("spring.datasource.url").substring("jdbc:".length()));
        RelaySettings defaults = RelaySettings.defaults(db.getHost(), db.getPort() < 0 ? 5432 : db.getPort(),
                db.getPath().substring(1), env.getRequiredProperty("spring.datasource.username"),
                env.getRequiredProperty("spring.datasource.password"),
                env.getRequiredProperty("darktower.kafka.bootstrap-servers"));
        return EventRelay.start(new RelaySettings(defaults.postgresHost(), defaults.postgresPort(), defaults.database(),
                defaults.user(), defaults.password(), defaults.kafkaBootstrapServers(),
                env.getProperty("darktower.relay.slot-name", defaults.slotName()),
                env.getProperty("darktower.relay.topic-partitions", Integer.class, defaults.topicPartitions()),
                env.getProperty("darktower.relay.topic-replication", Short.class, defaults.topicReplication()),
                defaults.pollInterval(), defaults.heartbeatInterval()));
    }
}
