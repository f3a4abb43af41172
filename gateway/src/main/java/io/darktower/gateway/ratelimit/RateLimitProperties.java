package io.darktower.gateway.ratelimit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import java.util.Locale;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code darktower.rate-limits.*}: one tier per {@link EndpointClass}, each a number of requests per fixed window. The
 * defaults are in the gateway's {@code application.yaml}, where an operator looks for them.
 *
 * @param enabled      off only for runs that measure something else (a benchmark of the commands alone)
 * @param redisTimeout how long a request waits for its counter before it is let through uncounted (fail open)
 */
@ConfigurationProperties("darktower.rate-limits")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("250ms") Duration redisTimeout,
        Tier auth,
        Tier heartbeat,
        Tier write,
        Tier read,
        Tier unauthenticated) {

    public RateLimitProperties {
        for (EndpointClass endpoint : EndpointClass.values()) {
            if (endpoint.tier(auth, heartbeat, write, read, unauthenticated) == null) {
                throw new IllegalArgumentException("darktower.rate-limits." + endpoint.name().toLowerCase(Locale.ROOT)
                        + " is not set (application.yaml sets every tier)");
            }
        }
    }

    /**
     * @param limit  requests allowed per window
     * @param window the fixed window, whole seconds (a counter's TTL; windows start at multiples of it since the epoch)
     */
    public record Tier(int limit, Duration window) {

        public Tier {
            if (window == null) {
                throw new IllegalArgumentException("a rate-limit tier needs its window");
            }
            if (limit < 1) {
                throw new IllegalArgumentException("a rate limit allows at least one request per window");
            }
            if (window.toSeconds() < 1 || window.toMillis() % 1000 != 0) {
                throw new IllegalArgumentException("a rate-limit window is a whole number of seconds: " + window);
            }
        }
    }

    public Tier tier(EndpointClass endpoint) {
        return endpoint.tier(auth, heartbeat, write, read, unauthenticated);
    }
}
