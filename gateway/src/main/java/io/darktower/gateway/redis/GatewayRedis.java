package io.darktower.gateway.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The gateway's one Redis connection, for what the edge writes itself (telemetry: presence, node capacity, API-key
 * use; rate limits and the cache later). Lettuce multiplexes one connection over every request without blocking.
 * The address is {@code darktower.redis.uri}, given by whoever starts the gateway like the other addresses.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayRedis.Properties.class)
public class GatewayRedis {

    /** @param uri e.g. {@code redis://localhost:6379} */
    @ConfigurationProperties("darktower.redis")
    public record Properties(String uri) {
    }

    @Bean(destroyMethod = "shutdown")
    RedisClient redisClient(Properties properties) {
        if (properties.uri() == null || properties.uri().isBlank()) {
            throw new IllegalStateException("darktower.redis.uri is not set: the gateway needs Redis");
        }
        return RedisClient.create(properties.uri());
    }

    @Bean(destroyMethod = "close")
    StatefulRedisConnection<String, String> redisConnection(RedisClient client) {
        return client.connect();
    }

    @Bean
    RedisReactiveCommands<String, String> redis(StatefulRedisConnection<String, String> connection) {
        return connection.reactive();
    }
}
