package io.darktower.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.darktower.devstack.Databases;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.darktower.devstack.Sql;
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
 * path. Each test counts as a caller of its own (a fresh user id), so what other tests sent from 127.0.0.1 on the
 * shared Redis never counts here; the per-address test starts on a fresh window.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RateLimitApiTest {

    private static final int WRITE_LIMIT = 3;
    private static final int WRITE_WINDOW = 4;
    private static final int READ_LIMIT = 3;
    private static final int READ_WINDOW = 30;
    private static final int AUTH_LIMIT = 3;
    private static final int AUTH_WINDOW = 2;

    private static Endpoints db;
    private static ConfigurableApplicationContext second;
    private static RedisClient redisClient;

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

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

    @Test
    void headersCountDownAndTheRequestOverTheLimitIsRefused429WithRetryAfterAndWritesNothing() throws Exception {
        String user = UUID.randomUUID().toString();
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
        String key = RedisKeys.rateLimit("api:write", "user:" + user, window);
        assertThat(redis.sync().get(key)).isEqualTo(Integer.toString(WRITE_LIMIT + 1));
        assertThat(redis.sync().ttl(key)).isBetween(1L, (long) WRITE_WINDOW);
    }

    @Test
    void theWindowResets() throws Exception {
        String user = UUID.randomUUID().toString();
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
    void errorAnswersCarryTheHeadersAndReadsHaveTheirOwnCounter() {
        String user = UUID.randomUUID().toString();
        http.get().uri("/api/v1/meetings/{id}", UUID.randomUUID()).header("X-User-Id", user).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(RateLimitFilter.LIMIT, Integer.toString(READ_LIMIT))
                .expectHeader().valueEquals(RateLimitFilter.REMAINING, Integer.toString(READ_LIMIT - 1))
                .expectHeader().exists(RateLimitFilter.RESET);
        // a malformed body is refused by the handler, after it was counted (on the write counter, not the read one)
        http.post().uri("/api/v1/meetings").header("X-User-Id", user).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"displayName\":").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().valueEquals(RateLimitFilter.LIMIT, Integer.toString(WRITE_LIMIT))
                .expectHeader().valueEquals(RateLimitFilter.REMAINING, Integer.toString(WRITE_LIMIT - 1));
    }

    @Test
    void authEndpointsAreCountedPerAddressWhoeverTheCallerClaimsToBe() throws Exception {
        freshWindow(AUTH_WINDOW);
        for (int i = 1; i <= AUTH_LIMIT; i++) {
            login(UUID.randomUUID().toString()).expectStatus().isBadRequest()
                    .expectHeader().valueEquals(RateLimitFilter.LIMIT, Integer.toString(AUTH_LIMIT))
                    .expectHeader().valueEquals(RateLimitFilter.REMAINING, Integer.toString(AUTH_LIMIT - i));
        }
        login(UUID.randomUUID().toString()).expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists(HttpHeaders.RETRY_AFTER)
                .expectBody().jsonPath("$.code").isEqualTo("RATE_LIMITED");
    }

    @Test
    void twoGatewayInstancesOnOneRedisShareTheLimit() {
        WebTestClient other = client(secondInstance(Map.of()));
        String user = UUID.randomUUID().toString();
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
    void aRedisThatDoesNotAnswerInTimeLetsRequestsThroughUncountedAndCountsTheFailure() {
        try (ConfigurableApplicationContext slow = start(Map.of("darktower.rate-limits.redis-timeout", "1ns"))) {
            WebTestClient client = client(slow.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
            String user = UUID.randomUUID().toString();
            for (int i = 0; i <= READ_LIMIT; i++) {
                read(client, user).expectStatus().isNotFound().expectHeader().doesNotExist(RateLimitFilter.LIMIT);
            }
            assertThat(slow.getBean(MeterRegistry.class).counter(RateLimitFilter.FAILURES_METRIC).count())
                    .isGreaterThanOrEqualTo(READ_LIMIT + 1);
        }
    }

    private WebTestClient.ResponseSpec create(String user) {
        return http.post().uri("/api/v1/meetings").header("X-User-Id", user).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", "Limited")).exchange();
    }

    private WebTestClient.ResponseSpec login(String claimedUser) {
        return http.post().uri("/api/v1/users/login").header("X-User-Id", claimedUser).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}").exchange();
    }

    private static WebTestClient.ResponseSpec read(WebTestClient client, String user) {
        return client.get().uri("/api/v1/meetings/{id}", UUID.randomUUID()).header("X-User-Id", user).exchange();
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
        properties.put("server.port", "0");
        properties.putAll(extra);
        // as command-line arguments: they outrank the system properties the build sets for every test
        return new SpringApplicationBuilder(GatewayApplication.class)
                .run(properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue()).toArray(String[]::new));
    }
}
