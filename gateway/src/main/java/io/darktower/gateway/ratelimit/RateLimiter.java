package io.darktower.gateway.ratelimit;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Counts one request against a fixed-window counter in exactly one Redis round trip: a script that increments the
 * counter, gives a new counter its TTL (the window) and answers the count and the seconds until the window resets.
 * Every gateway instance counts on the same key, so the limit is the cluster's, not one instance's.
 *
 * <p>The script is sent by its digest ({@code EVALSHA}); only a Redis that does not know it yet (first use, or after a
 * restart) answers {@code NOSCRIPT}, and that one request sends the script itself ({@code EVAL}, which also caches it).
 */
@Component
public class RateLimiter {

    /**
     * KEYS: the counter. ARGV: the window in seconds. Returns {count, seconds until the counter expires}. A counter
     * found without a TTL (written by hand, or a TTL lost) gets one, so no counter outlives its window for ever.
     */
    static final String SCRIPT = """
            local count = redis.call('INCR', KEYS[1])
            if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
            local ttl = redis.call('TTL', KEYS[1])
            if ttl < 0 then
              redis.call('EXPIRE', KEYS[1], ARGV[1])
              ttl = tonumber(ARGV[1])
            end
            return {count, ttl}
            """;

    /** One request counted: the {@code count}-th in its window, which resets in {@code resetSeconds}. */
    public record Count(int limit, long count, long resetSeconds) {

        public boolean allowed() {
            return count <= limit;
        }

        public long remaining() {
            return Math.max(0, limit - count);
        }
    }

    private final RedisReactiveCommands<String, String> redis;
    private final String digest;

    public RateLimiter(RedisReactiveCommands<String, String> redis) {
        this.redis = redis;
        this.digest = redis.digest(SCRIPT);
    }

    /** Counts one request on {@code key}, a counter of {@code window}, and says whether it is within {@code limit}. */
    public Mono<Count> count(String key, int limit, Duration window) {
        String[] keys = {key};
        String seconds = Long.toString(window.toSeconds());
        return answer(redis.<Object>evalsha(digest, ScriptOutputType.MULTI, keys, seconds))
                .onErrorResume(RedisNoScriptException.class,
                        unknown -> answer(redis.<Object>eval(SCRIPT, ScriptOutputType.MULTI, keys, seconds)))
                .map(answer -> new Count(limit, answer.get(0), Math.max(1, answer.get(1))));
    }

    /** The script's two integers, whether the reply arrives as one list or element by element. */
    private static Mono<List<Long>> answer(Flux<Object> reply) {
        return reply.collectList().map(elements -> {
            List<Long> numbers = new ArrayList<>(2);
            for (Object element : elements) {
                if (element instanceof List<?> nested) {
                    nested.forEach(n -> numbers.add((Long) n));
                } else {
                    numbers.add((Long) element);
                }
            }
            if (numbers.size() != 2) {
                throw new IllegalStateException("unexpected rate-limit script reply " + elements);
            }
            return numbers;
        });
    }
}
