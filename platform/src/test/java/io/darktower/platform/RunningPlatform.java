package io.darktower.platform;

import io.darktower.devstack.Databases;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The whole platform on a database of its own on the shared test stack, with the clients a test uses: the public
 * HTTP port, the management port, and Redis.
 */
final class RunningPlatform implements AutoCloseable {

    final Endpoints db;
    final Platform platform;
    final WebTestClient http;
    final WebTestClient management;
    final RedisCommands<String, String> redis;
    private final RedisClient redisClient;

    private RunningPlatform(String name) {
        db = Databases.create(SharedTestStack.endpoints(), name);
        platform = Platform.start(db, 0, name + "_relay");
        http = client("http://localhost:" + platform.httpPort());
        management = client("http://127.0.0.1:" + platform.managementPort());
        redisClient = RedisClient.create(db.redisUri());
        redis = redisClient.connect().sync();
    }

    /** @param name the database's name, also the relay's replication slot's prefix */
    static RunningPlatform start(String name) {
        return new RunningPlatform(name);
    }

    private static WebTestClient client(String baseUrl) {
        return WebTestClient.bindToServer().baseUrl(baseUrl).responseTimeout(Duration.ofSeconds(30)).build();
    }

    @Override
    public void close() {
        redisClient.shutdown();
        platform.close();
    }
}
