package io.darktower.platform;

import io.darktower.commands.relay.EventRelay;
import io.darktower.commands.relay.RelaySettings;
import io.darktower.devstack.Endpoints;
import io.darktower.gateway.GatewayApplication;
import io.darktower.projections.runtime.ProjectionService;
import io.darktower.projections.runtime.ProjectionSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole control plane in one JVM on given infrastructure: the read side (projections) first, since it
 * migrates the read model the gateway queries, then the gateway with the write side and the relay.
 */
public final class Platform implements AutoCloseable {

    private final ProjectionService projections;
    private final ConfigurableApplicationContext gateway;

    private Platform(ProjectionService projections, ConfigurableApplicationContext gateway) {
        this.projections = projections;
        this.gateway = gateway;
    }

    /**
     * @param httpPort 0 for any free port
     * @param relaySlot the replication slot of this platform's relay (one per database and relay)
     */
    public static Platform start(Endpoints endpoints, int httpPort, String relaySlot) {
        // the relay creates the topics too; doing it first spares the projections a wait for them
        EventRelay.createTopics(RelaySettings.defaults(endpoints.postgresHost(), endpoints.postgresPort(),
                endpoints.database(), endpoints.databaseUser(), endpoints.databasePassword(),
                endpoints.kafkaBootstrapServers()));
        ProjectionService projections = ProjectionService.start(new ProjectionSettings(
                endpoints.kafkaBootstrapServers(), endpoints.jdbcUrl(), endpoints.databaseUser(),
                endpoints.databasePassword(), endpoints.redisUri()));
        try {
            SpringApplication app = new SpringApplicationBuilder(GatewayApplication.class)
                    .web(WebApplicationType.REACTIVE)
                    .properties(gatewayProperties(endpoints, httpPort, relaySlot))
                    .build();
            ConfigurableApplicationContext gateway = app.run();
            PlatformMetrics.bind(gateway.getBean(MeterRegistry.class), projections,
                    gateway.getBeanProvider(EventRelay.class).getIfAvailable());
            return new Platform(projections, gateway);
        } catch (RuntimeException e) {
            projections.close();
            throw e;
        }
    }

    static Map<String, Object> gatewayProperties(Endpoints endpoints, int httpPort, String relaySlot) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.port", httpPort);
        properties.put("spring.datasource.url", endpoints.jdbcUrl());
        properties.put("spring.datasource.username", endpoints.databaseUser());
        properties.put("spring.datasource.password", endpoints.databasePassword());
        properties.put("spring.r2dbc.url", endpoints.r2dbcUrl());
        properties.put("spring.r2dbc.username", endpoints.databaseUser());
        properties.put("spring.r2dbc.password", endpoints.databasePassword());
        properties.put("darktower.kafka.bootstrap-servers", endpoints.kafkaBootstrapServers());
        properties.put("darktower.relay.slot-name", relaySlot);
        return properties;
    }

    public int httpPort() {
        return ((WebServerApplicationContext) gateway).getWebServer().getPort();
    }

    public ProjectionService projections() {
        return projections;
    }

    public ConfigurableApplicationContext gateway() {
        return gateway;
    }

    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            projections.close();
        }
    }
}
