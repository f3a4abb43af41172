package io.darktower.commands.relay;

import io.darktower.commands.config.CommandSideConfiguration.EventStoreMigration;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Runs the relay inside a write-side application, on the write side's own event store URL (kept whole) and
 * Kafka. One relay per slot: set {@code darktower.relay.enabled=false} on further instances.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "darktower.relay.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(RelayProperties.class)
public class RelayConfiguration {

    @Bean(destroyMethod = "close")
    EventRelay eventRelay(EventStoreMigration migrated, RelayProperties relay, Environment env) {
        return EventRelay.start(relay.settings(
                env.getRequiredProperty("spring.datasource.url"),
                env.getProperty("spring.datasource.username"),
                env.getProperty("spring.datasource.password"),
                env.getRequiredProperty("darktower.kafka.bootstrap-servers")));
    }

    /** Bound by the application's meter registry: the relay's counters appear under {@code darktower.relay.*}. */
    @Bean
    MeterBinder relayMetrics(EventRelay relay) {
        return new RelayMetrics(relay);
    }
}
