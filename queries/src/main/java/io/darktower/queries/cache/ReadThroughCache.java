package io.darktower.queries.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.darktower.events.EventJson;
import io.darktower.readmodel.RedisKeys;
import io.darktower.readmodel.RedisKeys.CacheType;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The seed's {@code cache:{entity_type}:{entity_id}}: JSON copies of what the queries read from PostgreSQL, kept for
 * the type's TTL (5 to 60 minutes). The projections drop an entry as soon as the rows it was read from change (see
 * {@code SqlProjector.cached()}), so a hit is as fresh as PostgreSQL. Redis is a help, never a dependency: an entry that
 * cannot be read, written or decoded is read from PostgreSQL instead.
 */
@Component
public class ReadThroughCache {

    private static final Logger log = LoggerFactory.getLogger(ReadThroughCache.class);

    private final RedisReactiveCommands<String, String> redis;

    public ReadThroughCache(RedisReactiveCommands<String, String> redis) {
        this.redis = redis;
    }

    /** The cached entity, or what {@code load} reads (then cached); empty when {@code load} finds nothing. */
    public <T> Mono<T> get(CacheType type, String id, Class<T> as, Supplier<Mono<T>> load) {
        String key = RedisKeys.cache(type, id);
        Mono<T> fromDatabase = Mono.defer(load).flatMap(value -> put(key, type, value).thenReturn(value));
        return redis.get(key)
                .onErrorResume(e -> {
                    log.debug("cache {} not read: {}", key, e.toString());
                    return Mono.empty();
                })
                .flatMap(json -> decode(json, as, key))
                .switchIfEmpty(fromDatabase);
    }

    private <T> Mono<T> decode(String json, Class<T> as, String key) {
        try {
            return Mono.just(EventJson.mapper().readValue(json, as));
        } catch (JsonProcessingException e) {
            log.warn("cache {} holds what is not a {}; reading the database", key, as.getSimpleName());
            return Mono.empty();
        }
    }

    private Mono<Void> put(String key, CacheType type, Object value) {
        String json;
        try {
            json = EventJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return Mono.empty();
        }
        return redis.setex(key, type.ttl().toSeconds(), json)
                .onErrorResume(e -> {
                    log.debug("cache {} not written: {}", key, e.toString());
                    return Mono.empty();
                })
                .then();
    }
}
