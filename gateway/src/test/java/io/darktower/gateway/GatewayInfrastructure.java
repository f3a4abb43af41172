package io.darktower.gateway;

import io.darktower.devstack.Endpoints;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Points a gateway under test at its own database on the shared stack: one place for the addresses it needs. */
public final class GatewayInfrastructure {

    private GatewayInfrastructure() {
    }

    /** Every address the gateway reads; its relay runs only if {@code relaySlot} is given. */
    public static void register(DynamicPropertyRegistry registry, Endpoints db, String relaySlot) {
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::databaseUser);
        registry.add("spring.datasource.password", db::databasePassword);
        registry.add("spring.r2dbc.url", db::r2dbcUrl);
        registry.add("spring.r2dbc.username", db::databaseUser);
        registry.add("spring.r2dbc.password", db::databasePassword);
        registry.add("darktower.kafka.bootstrap-servers", db::kafkaBootstrapServers);
        registry.add("darktower.redis.uri", db::redisUri);
        if (relaySlot == null) {
            registry.add("darktower.relay.enabled", () -> "false");
        } else {
            registry.add("darktower.relay.slot-name", () -> relaySlot);
        }
        registry.add("server.port", () -> "0");
        ApiCallers.register(registry);
    }
}
