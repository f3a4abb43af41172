package io.darktower.gateway;

import io.darktower.devstack.Databases;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.darktower.projections.runtime.ProjectionService;
import io.darktower.projections.runtime.ProjectionSettings;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A test's own database with the whole read side running on it (every projection, from Kafka into PostgreSQL and
 * Redis) and a Redis connection to look at the keys; the gateway under test is pointed at it with its relay on (so the
 * test class needs {@code @DirtiesContext(AFTER_CLASS)}: no two relays capture in one JVM).
 */
record ReadSide(Endpoints db, ProjectionService projections, RedisClient redisClient, RedisCommands<String, String> redis)
        implements AutoCloseable {

    /** From a {@code @DynamicPropertySource}: {@code name} names the database and the relay's slot. */
    static ReadSide start(DynamicPropertyRegistry registry, String name) {
        Endpoints db = Databases.create(SharedTestStack.endpoints(), name);
        ProjectionService projections = ProjectionService.start(new ProjectionSettings(db.kafkaBootstrapServers(),
                db.jdbcUrl(), db.databaseUser(), db.databasePassword(), db.redisUri()));
        RedisClient redisClient = RedisClient.create(db.redisUri());
        GatewayInfrastructure.register(registry, db, name);
        return new ReadSide(db, projections, redisClient, redisClient.connect().sync());
    }

    @Override
    public void close() {
        projections.close();
        redisClient.shutdown();
    }
}
