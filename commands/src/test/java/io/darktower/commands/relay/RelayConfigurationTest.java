package io.darktower.commands.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.darktower.commands.config.CommandSideConfiguration.EventStoreMigration;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The relay as a write-side application runs it: configured from {@code darktower.relay.*} and the data source. */
class RelayConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(RelayConfiguration.class)
            .withBean(EventStoreMigration.class, EventStoreMigration::new);

    @Test
    void theRelayStartsFromItsPropertiesOnTheDataSourcesUrlAndBindsItsMeters() {
        Endpoints db = TestEventStore.in(SharedTestStack.endpoints(), "relay_spring").endpoints();
        context.withPropertyValues(
                        "spring.datasource.url=" + db.jdbcUrl() + "?sslmode=disable",
                        "spring.datasource.username=" + db.databaseUser(),
                        "spring.datasource.password=" + db.databasePassword(),
                        "darktower.kafka.bootstrap-servers=" + db.kafkaBootstrapServers(),
                        "darktower.relay.slot-name=relay_spring",
                        "darktower.relay.poll-interval=20ms")
                .run(app -> {
                    assertThat(app).hasNotFailed().hasSingleBean(EventRelay.class).hasSingleBean(MeterBinder.class);
                    RelayProperties properties = app.getBean(RelayProperties.class);
                    assertThat(properties.slotName()).isEqualTo("relay_spring");
                    assertThat(properties.pollInterval()).isEqualTo(Duration.ofMillis(20));
                    assertThat(app.getBean(EventRelay.class).awaitStreaming(Duration.ofSeconds(60))).isTrue();

                    SimpleMeterRegistry registry = new SimpleMeterRegistry();
                    app.getBean(MeterBinder.class).bindTo(registry);
                    assertThat(registry.find(RelayMetrics.PUBLISHED).functionCounter()).isNotNull();
                });
    }

    @Test
    void aDisabledRelayIsNotStarted() {
        context.withPropertyValues("darktower.relay.enabled=false")
                .run(app -> assertThat(app).hasNotFailed().doesNotHaveBean(EventRelay.class));
    }
}
