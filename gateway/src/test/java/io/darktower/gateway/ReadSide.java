package io.darktower.gateway;

import io.darktower.crypto.Keyring;
import io.darktower.devstack.Databases;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.darktower.projections.runtime.ProjectionService;
import io.darktower.projections.runtime.ProjectionSettings;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A test's own database with the whole read side running on it (every projection, from Kafka into PostgreSQL and
 * Redis) and a Redis connection to look at the keys; the gateway under test is pointed at it with its relay on (so the
 * test class needs {@code @DirtiesContext(AFTER_CLASS)}: no two relays capture in one JVM). The projections and the
 * gateway share one fresh keyring: the users projection opens the sealed hashes of the users a test signs up.
 */
record ReadSide(Endpoints db, ProjectionService projections, RedisClient redisClient, RedisCommands<String, String> redis)
        implements AutoCloseable {

    /** From a {@code @DynamicPropertySource}: {@code name} names the database and the relay's slot. */
    static ReadSide start(DynamicPropertyRegistry registry, String name) {
        Endpoints db = Databases.create(SharedTestStack.endpoints(), name);
        String key = Keyring.newKeyBase64();
        ProjectionService projections = ProjectionService.start(new ProjectionSettings(db.kafkaBootstrapServers(),
                db.jdbcUrl(), db.databaseUser(), db.databasePassword(), db.redisUri(), ProjectionSettings.Tuning.DEFAULTS,
                Keyring.ofBase64(Map.of(name, key), name)));
        RedisClient redisClient = RedisClient.create(db.redisUri());
        GatewayInfrastructure.register(registry, db, name);
        registry.add("darktower.crypto.keys." + name, () -> key);
        registry.add("darktower.crypto.active-key", () -> name);
        return new ReadSide(db, projections, redisClient, redisClient.connect().sync());
    }

    @Override
    public void close() {
        projections.close();
        redisClient.shutdown();
    }
}
