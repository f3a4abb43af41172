package io.darktower.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.darktower.devstack.Databases;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.darktower.devstack.Sql;
import io.darktower.gateway.ApiCallers;
import io.darktower.gateway.ApiCallers.TestUser;
import io.darktower.gateway.GatewayApplication;
import io.darktower.gateway.GatewayInfrastructure;
import io.darktower.projections.runtime.ReadModelSchema;
import io.darktower.readmodel.RedisKeys;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Rate limits over real HTTP on the real Redis: the headers counting down, the 429 that writes nothing, the window
 * resetting, the auth endpoints counted per address, one limit shared by two gateway instances, and the fail-open
 * path, and what the security chain refuses: 401s counted per address (token guessing), 403s for their caller. Each
 * test counts as a caller of its own (a user signed up for it, through {@link ApiCallers}), so what other tests sent
 * from 127.0.0.1 on the shared Redis never counts here; the per-address tests start on a fresh window.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RateLimitApiTest {

    private static final int WRITE_LIMIT = 3;
    private static final int WRITE_WINDOW = 4;
    private static final int READ_LIMIT = 3;
    private static final int READ_WINDOW = 30;
    private static final int AUTH_LIMIT = 3;
    private static final int AUTH_WINDOW = 2;
    private static final int REFUSED_LIMIT = 3;
    private static final int REFUSED_WINDOW = 2;

    private static Endpoints db;
    private static ConfigurableApplicationContext second;
    private static RedisClient redisClient;

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Autowired
    MeterRegistry meters;

    private WebTestClient http;
    private static StatefulRedisConnection<String, String> redis;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        db = Databases.create(SharedTestStack.endpoints(), "gateway_ratelimit_test");
        ReadModelSchema.migrate(db.jdbcUrl(), db.databaseUser(), db.databasePassword());
        GatewayInfrastructure.register(registry, db, null);
        tiers().forEach((name, value) -> registry.add(name, () -> value));
    }

    private static Map<String, String> tiers() {
        Map<String, String> tiers = new LinkedHashMap<>();
        tiers.put("darktower.rate-limits.write.limit", Integer.toString(WRITE_LIMIT));
        tiers.put("darktower.rate-limits.write.window", WRITE_WINDOW + "s");
        tiers.put("darktower.rate-limits.read.limit", Integer.toString(READ_LIMIT));
        tiers.put("darktower.rate-limits.read.window", READ_WINDOW + "s");
        tiers.put("darktower.rate-limits.auth.limit", Integer.toString(AUTH_LIMIT));
        tiers.put("darktower.rate-limits.auth.window", AUTH_WINDOW + "s");
        tiers.put("darktower.rate-limits.unauthenticated.limit", Integer.toString(REFUSED_LIMIT));
        tiers.put("darktower.rate-limits.unauthenticated.window", REFUSED_WINDOW + "s");
        return tiers;
    }

    @BeforeEach
    void clients() {
        http = client(port);
        if (redisClient == null) {
            redisClient = RedisClient.create(db.redisUri());
            redis = redisClient.connect();
        }
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (redisClient != null) {
            redisClient.shutdown();
        }
    }

    private static WebTestClient client(int port) {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(30)).build();
    }

    /**
     * A user of its own for one test. Signing up and in are two requests on the {@code auth} class (3 per 2 s per
     * address here): each sign-up starts on a fresh window of it, so none is refused.
     */
    private TestUser user() throws InterruptedException {
        freshWindow(AUTH_WINDOW);
        return ApiCallers.signUp(http, "Limited");
    }

    @Test
    void headersCountDownAndTheRequestOverTheLimitIsRefused429WithRetryAfterAndWritesNothing() throws Exception {
        TestUser user = user();
        long window = freshWindow(WRITE_WINDOW);
        for (int i = 1; i <= WRITE_LIMIT; i++) {
            HttpHeaders headers = create(user).expectStatus().isCreated().expectBody().returnResult().getResponseHeaders();
            assertThat(headers.getFirst(RateLimitFilter.LIMIT)).isEqualTo(Integer.toString(WRITE_LIMIT));
            assertThat(headers.getFirst(RateLimitFilter.REMAINING)).isEqualTo(Integer.toString(WRITE_LIMIT - i));
            assertThat(Long.parseLong(headers.getFirst(RateLimitFilter.RESET))).isBetween(1L, (long) WRITE_WINDOW);
            assertThat(headers.getFirst(HttpHeaders.RETRY_AFTER)).isNull();
        }
        long events = events();

        HttpHeaders refused = create(user).expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists("X-Request-Id")
                .expectBody()
                .jsonPath("$.code").isEqualTo("RATE_LIMITED")
                .jsonPath("$.status").isEqualTo(429)
                .returnResult().getResponseHeaders();
        assertThat(refused.getFirst(RateLimitFilter.LIMIT)).isEqualTo(Integer.toString(WRITE_LIMIT));
        assertThat(refused.getFirst(RateLimitFilter.REMAINING)).isEqualTo("0");
        long retryAfter = Long.parseLong(refused.getFirst(HttpHeaders.RETRY_AFTER));
        assertThat(retryAfter).isBetween(1L, (long) WRITE_WINDOW).isEqualTo(Long.parseLong(refused.getFirst(RateLimitFilter.RESET)));
        assertThat(events()).as("the refused request wrote nothing").isEqualTo(events);

        // the seed's key: a string counter that lives one window
        String key = RedisKeys.rateLimit("api:write", "user:" + user.userId(), window);
        assertThat(redis.sync().get(key)).isEqualTo(Integer.toString(WRITE_LIMIT + 1));
        assertThat(redis.sync().ttl(key)).isBetween(1L, (long) WRITE_WINDOW);
    }

    @Test
    void theWindowResets() throws Exception {
        TestUser user = user();
        freshWindow(WRITE_WINDOW);
        for (int i = 0; i < WRITE_LIMIT; i++) {
            create(user).expectStatus().isCreated();
        }
        long retryAfter = Long.parseLong(create(user).expectStatus().isEqualTo(429).expectBody().returnResult()
                .getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER));
        Thread.sleep(retryAfter * 1000 + 100);

        create(user).expectStatus().isCreated()
                .expectHeader().valueEquals(RateLimitFilter.REMAINING, Integer.toString(WRITE_LIMIT - 1));
    }

    @Test
    void errorAnswersCarryTheHeadersAndReadsHaveTheirOwnCounter() throws Exception {
        TestUser user = user();
        http.get().uri("/api/v1/meetings/{id}", UUID.randomUUID()).headers(user::authorize).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(RateLimitFilter.LIMIT, Integer.toString(READ_LIMIT))
                .expectHeader().valueEquals(RateLimitFilter.REMAINING, Integer.toString(READ_LIMIT - 1))
                .expectHeader().exists(RateLimitFilter.RESET);
        // a malformed body is refused by the handler, after it was counted (on the write counter, not the read one)
        http.post().uri("/api/v1/meetings").headers(user::authorize).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"displayName\":").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().valueEquals(RateLimitFilter.LIMIT, Integer.toString(WRITE_LIMIT))
                .expectHeader().valueEquals(RateLimitFilter.REMAINING, Integer.toString(WRITE_LIMIT - 1));
        // refused 403 by the security chain (a user is no node): counted for the caller all the same, on its class
        http.get().uri("/api/v1/controllers").headers(user::authorize).exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(RateLimitFilter.REMAINING, Integer.toString(READ_LIMIT - 2));
    }

    @Test
    void answers401AreCountedPerAddressSoGuessedTokensAreLimitedButAValidTokenStillGoesThrough() throws Exception {
        TestUser user = user();
        long window = freshWindow(REFUSED_WINDOW);
        for (int i = 1; i <= REFUSED_LIMIT; i++) {
            // forged tokens, and (the last) no token where one is needed: every 401 counts against the address
            var request = http.get().uri("/api/v1/meetings/{id}", UUID.randomUUID());
            if (i < REFUSED_LIMIT) {
                request = request.header(HttpHeaders.AUTHORIZATION, "Bearer forged." + UUID.randomUUID() + ".token");
            }
            request.exchange().expectStatus().isUnauthorized()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader().exists(HttpHeaders.WWW_AUTHENTICATE)
                    .expectHeader().valueEquals(RateLimitFilter.LIMIT, Integer.toString(REFUSED_LIMIT))
                    .expectHeader().valueEquals(RateLimitFilter.REMAINING, Integer.toString(REFUSED_LIMIT - i));
        }
        HttpHeaders refused = http.get().uri("/api/v1/meetings/{id}", UUID.randomUUID())
                .header(HttpHeaders.AUTHORIZATION, "Bearer forged." + UUID.randomUUID() + ".token").exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(RateLimitFilter.REMAINING, "0")
                .expectBody().jsonPath("$.code").isEqualTo("RATE_LIMITED")
                .returnResult().getResponseHeaders();
        assertThat(Long.parseLong(refused.getFirst(HttpHeaders.RETRY_AFTER))).isBetween(1L, (long) REFUSED_WINDOW);
        // one counter per address, of the refusals only
        List<String> keys = redis.sync().keys(RedisKeys.rateLimit("auth:refused", "ip:*", window));
        assertThat(keys).hasSize(1);
        assertThat(redis.sync().get(keys.get(0))).isEqualTo(Integer.toString(REFUSED_LIMIT + 1));
        // a caller with a valid token is counted as itself, not refused with the address's guesses
        http.get().uri("/api/v1/meetings/{id}", UUID.randomUUID()).headers(user::authorize).exchange()
                .expectStatus().isNotFound()
                .expectHeader().valueEquals(RateLimitFilter.LIMIT, Integer.toString(READ_LIMIT));
    }

    @Test
    void authEndpointsAreCountedPerAddressWhoeverTheCallerIs() throws Exception {
        TestUser user = user();
        freshWindow(AUTH_WINDOW);
        for (int i = 1; i <= AUTH_LIMIT; i++) {
            login(user).expectStatus().isBadRequest()
                    .expectHeader().valueEquals(RateLimitFilter.LIMIT, Integer.toString(AUTH_LIMIT))
                    .expectHeader().valueEquals(RateLimitFilter.REMAINING, Integer.toString(AUTH_LIMIT - i));
        }
        login(user).expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists(HttpHeaders.RETRY_AFTER)
                .expectBody().jsonPath("$.code").isEqualTo("RATE_LIMITED");
    }

    @Test
    void twoGatewayInstancesOnOneRedisShareTheLimit() throws Exception {
        WebTestClient other = client(secondInstance(Map.of()));
        TestUser user = user();
        List<WebTestClient> alternate = List.of(http, other, http);
        for (int i = 0; i < READ_LIMIT; i++) {
            read(alternate.get(i), user).expectStatus().isNotFound()
                    .expectHeader().valueEquals(RateLimitFilter.REMAINING, Integer.toString(READ_LIMIT - 1 - i));
        }
        read(other, user).expectStatus().isEqualTo(429)
                .expectBody().jsonPath("$.code").isEqualTo("RATE_LIMITED");
        read(http, user).expectStatus().isEqualTo(429);
    }

    @Test
    void aRedisThatFailsLetsRequestsThroughUncountedAndCountsTheFailure() throws Exception {
        // a Redis slower than the timeout takes the same path; a timeout too short for Redis to make (1 ns) is no
        // test of it: the answer races the timer, and a local Redis can win
        TestUser user = user();
        // the caller's counters (this window's and the next) hold what INCR refuses: every count fails in Redis
        long now = Instant.now().getEpochSecond() / READ_WINDOW * READ_WINDOW;
        for (long window : new long[] {now, now + READ_WINDOW}) {
            redis.sync().setex(RedisKeys.rateLimit("api:read", "user:" + user.userId(), window), 2L * READ_WINDOW, "x");
        }
        double failures = meters.counter(RateLimitFilter.FAILURES_METRIC).count();
        for (int i = 0; i <= READ_LIMIT; i++) {
            read(http, user).expectStatus().isNotFound().expectHeader().doesNotExist(RateLimitFilter.LIMIT);
        }
        assertThat(meters.counter(RateLimitFilter.FAILURES_METRIC).count() - failures).isEqualTo(READ_LIMIT + 1);
    }


    private WebTestClient.ResponseSpec create(TestUser user) {
        return http.post().uri("/api/v1/meetings").headers(user::authorize).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", "Limited")).exchange();
    }

    /** A malformed login by a caller carrying a valid token: still counted per address. */
    private WebTestClient.ResponseSpec login(TestUser user) {
        return http.post().uri("/api/v1/users/login").headers(user::authorize).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}").exchange();
    }

    private static WebTestClient.ResponseSpec read(WebTestClient client, TestUser user) {
        return client.get().uri("/api/v1/meetings/{id}", UUID.randomUUID()).headers(user::authorize).exchange();
    }

    /** Waits for a window to begin (so a test's requests all fall in it) and answers its start, epoch seconds. */
    private static long freshWindow(int seconds) throws InterruptedException {
        long now = Instant.now().toEpochMilli();
        long next = (now / (seconds * 1000L) + 1) * seconds * 1000L;
        Thread.sleep(next - now + 20);
        return next / 1000;
    }

    private static long events() {
        return Long.parseLong(Sql.one(db, "SELECT count(*) FROM event_store.domain_event_entry"));
    }

    /** A second gateway on the same database and Redis, on a port of its own. */
    private int secondInstance(Map<String, String> extra) {
        if (second == null) {
            second = start(extra);
        }
        return second.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    private ConfigurableApplicationContext start(Map<String, String> extra) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String name : List.of("spring.datasource.url", "spring.datasource.username", "spring.datasource.password",
                "spring.r2dbc.url", "spring.r2dbc.username", "spring.r2dbc.password",
                "darktower.kafka.bootstrap-servers", "darktower.redis.uri", "darktower.relay.enabled")) {
            properties.put(name, environment.getRequiredProperty(name));
        }
        properties.putAll(tiers());
        properties.putAll(ApiCallers.settings());
        properties.put("server.port", "0");
        properties.putAll(extra);
        // as command-line arguments: they outrank the system properties the build sets for every test
        return new SpringApplicationBuilder(GatewayApplication.class)
                .run(properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue()).toArray(String[]::new));
    }
}
