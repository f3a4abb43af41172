package io.darktower.gateway.ratelimit;

import io.darktower.errors.ErrorCode;
import io.darktower.gateway.api.ApiException;
import io.darktower.gateway.api.RequestContext;
import io.darktower.readmodel.RedisKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Limits each caller's requests per {@link EndpointClass}, on fixed windows counted in Redis
 * ({@code ratelimit:{endpoint}:{identifier}:{window}}). Every counted response says where the caller stands
 * ({@code X-RateLimit-Limit}, {@code -Remaining}, {@code -Reset}: seconds until the window resets); a request over the
 * limit is answered 429 {@code RATE_LIMITED} with {@code Retry-After} and never reaches a handler, so it writes nothing.
 *
 * <p>Ordered after Spring Security's chain ({@value #ORDER} &gt; -100), so the caller is the authenticated one
 * ({@link RequestContext#caller()}); a request without credentials is counted by client IP, and the
 * {@link EndpointClass#AUTH} endpoints always are (the limit protects the credentials tried, whoever claims to be
 * trying them). What the chain refuses never gets here: its 401 and 403 answers count through {@link #countRefused}
 * and {@link #countDenied}, still one Redis round trip per request.
 *
 * <p>Redis unavailable or slower than {@code darktower.rate-limits.redis-timeout}: the request goes through uncounted
 * and without the headers (fail open: a Redis outage must not take the API down with it), counted in the metric
 * {@value #FAILURES_METRIC} and logged at most once every {@value #LOG_EVERY_SECONDS} seconds.
 */
@Component
@EnableConfigurationProperties(RateLimitProperties.class)
public class RateLimitFilter implements WebFilter, Ordered {

    public static final int ORDER = 0;
    public static final String LIMIT = "X-RateLimit-Limit";
    public static final String REMAINING = "X-RateLimit-Remaining";
    public static final String RESET = "X-RateLimit-Reset";
    /** The detail of every 429. */
    public static final String TOO_MANY = "too many requests; retry after the window resets";
    static final String FAILURES_METRIC = "darktower.ratelimit.unavailable";
    private static final long LOG_EVERY_SECONDS = 10;
    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);

    private final RateLimitProperties properties;
    private final RateLimiter limiter;
    private final Counter failures;
    private final Clock clock = Clock.systemUTC();
    private final AtomicLong lastLogged = new AtomicLong();

    public RateLimitFilter(RateLimitProperties properties, RateLimiter limiter, MeterRegistry meters) {
        this.properties = properties;
        this.limiter = limiter;
        this.failures = Counter.builder(FAILURES_METRIC)
                .description("requests let through uncounted because Redis did not answer the rate limiter")
                .register(meters);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        EndpointClass endpoint = classOf(exchange);
        if (endpoint == null) {
            return chain.filter(exchange);
        }
        return count(exchange, endpoint).flatMap(allowed -> allowed ? chain.filter(exchange)
                : Mono.error(new ApiException(ErrorCode.RATE_LIMITED, null, TOO_MANY)));
    }

    /**
     * Counts a request the security chain refuses 401 (it never reaches this filter) on
     * {@link EndpointClass#UNAUTHENTICATED}, per client IP: answers false when the address is over that limit, and the
     * refusal is then answered 429 instead. The response carries the rate-limit headers either way.
     */
    public Mono<Boolean> countRefused(ServerWebExchange exchange) {
        return properties.enabled() ? count(exchange, EndpointClass.UNAUTHENTICATED) : Mono.just(true);
    }

    /**
     * Counts a request the security chain refuses 403 (an authenticated caller without the right) as if it had gone
     * through: on its class, for its caller; false when the caller is over that limit (answered 429 instead).
     */
    public Mono<Boolean> countDenied(ServerWebExchange exchange) {
        EndpointClass endpoint = classOf(exchange);
        return endpoint == null ? Mono.just(true) : count(exchange, endpoint);
    }

    private EndpointClass classOf(ServerWebExchange exchange) {
        return properties.enabled()
                ? EndpointClass.of(exchange.getRequest().getMethod(), exchange.getRequest().getPath().value())
                : null;
    }

    /** One round trip: counts the request, sets the headers, answers whether it is within the limit (fails open). */
    private Mono<Boolean> count(ServerWebExchange exchange, EndpointClass endpoint) {
        RateLimitProperties.Tier tier = properties.tier(endpoint);
        long window = tier.window().toSeconds();
        long windowStart = clock.instant().getEpochSecond() / window * window;
        String key = RedisKeys.rateLimit(endpoint.key(), identifier(endpoint, RequestContext.establish(exchange)), windowStart);
        return limiter.count(key, tier.limit(), tier.window())
                .timeout(properties.redisTimeout())
                .map(count -> {
                    HttpHeaders headers = exchange.getResponse().getHeaders();
                    headers.set(LIMIT, Integer.toString(count.limit()));
                    headers.set(REMAINING, Long.toString(count.remaining()));
                    headers.set(RESET, Long.toString(count.resetSeconds()));
                    if (!count.allowed()) {
                        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(count.resetSeconds()));
                    }
                    return count.allowed();
                })
                .onErrorResume(failure -> {
                    failOpen(failure);
                    return Mono.just(true);
                });
    }

    /**
     * {@code user:{id}} for a caller acting for a user (its tokens and API keys share one count), the caller's own
     * identity for one that does not ({@code service:{client}}, {@code guest:{id}}, {@code participant:{id}}), else (and
     * always for the classes counted per address) {@code ip:{address}}.
     */
    static String identifier(EndpointClass endpoint, RequestContext context) {
        if (!endpoint.perAddress() && context.caller() != null) {
            UUID user = context.userId();
            return user != null ? "user:" + user : context.caller().identity();
        }
        return "ip:" + (context.clientIp() == null ? "unknown" : context.clientIp());
    }

    private void failOpen(Throwable failure) {
        failures.increment();
        long now = clock.millis();
        long last = lastLogged.get();
        if (now - last >= LOG_EVERY_SECONDS * 1000 && lastLogged.compareAndSet(last, now)) {
            log.warn("rate limits not enforced: Redis did not answer ({}); requests go through uncounted",
                    failure.toString());
        }
    }
}
