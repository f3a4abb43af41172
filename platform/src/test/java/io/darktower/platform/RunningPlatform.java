package io.darktower.platform;

import static org.awaitility.Awaitility.await;

import io.darktower.devstack.Databases;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.darktower.gateway.ApiCallers;
import io.darktower.projections.runtime.ProjectionStatus;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.ClientRequest;

/**
 * The whole platform on a database of its own on the shared test stack, with the clients a test uses: the public
 * HTTP port, the management port, and Redis.
 */
final class RunningPlatform implements AutoCloseable {

    final Endpoints db;
    final Platform platform;
    /**
     * Authenticated as {@link #user} (the host of whatever a test creates), and as the node fleet's service client on
     * the internal endpoints (nodes, the recorder's steps), as each would call them.
     */
    final WebTestClient http;
    final ApiCallers.TestUser user;
    /** The node fleet's token (scope {@code nodes}). */
    final String serviceToken;
    final WebTestClient management;
    final RedisCommands<String, String> redis;
    private final RedisClient redisClient;

    private RunningPlatform(String name, Map<String, String> settings) {
        db = Databases.create(SharedTestStack.endpoints(), name);
        Map<String, String> all = new LinkedHashMap<>(ApiCallers.settings());
        all.putAll(settings);
        platform = Platform.start(db, 0, name + "_relay", all);
        WebTestClient anonymous = client("http://localhost:" + platform.httpPort());
        user = ApiCallers.signUp(anonymous, "Platform test user");
        serviceToken = ApiCallers.serviceToken(anonymous);
        http = anonymous.mutate().filter((request, next) -> next.exchange(ClientRequest.from(request)
                .headers(headers -> headers.setBearerAuth(internal(request.url().getPath()) ? serviceToken : user.accessToken()))
                .build())).build();
        management = client("http://127.0.0.1:" + platform.managementPort());
        redisClient = RedisClient.create(db.redisUri());
        redis = redisClient.connect().sync();
    }

    /**
     * The platform with its media node out of the node registries ({@code darktower.media.register=false}): meetings
     * are not placed on it, as the platform tests written before nodes registered themselves expect.
     *
     * @param name the database's name, also the relay's replication slot's prefix
     */
    static RunningPlatform start(String name) {
        return new RunningPlatform(name, Map.of("darktower.media.register", "false"));
    }

    /** The platform with these settings (gateway's, and {@code darktower.media.*} for its media node). */
    static RunningPlatform start(String name, Map<String, String> settings) {
        return new RunningPlatform(name, settings);
    }

    private static boolean internal(String path) {
        return path.startsWith("/api/v1/controllers") || path.startsWith("/api/v1/media-handlers")
                || path.matches("/api/v1/recordings/[^/]+/(processing|ready|failed)");
    }

    private static WebTestClient client(String baseUrl) {
        return WebTestClient.bindToServer().baseUrl(baseUrl).responseTimeout(Duration.ofSeconds(30)).build();
    }

    /** Creates a meeting as {@link #user}; its id. */
    String createMeeting(String name) {
        Map<?, ?> created = http.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", name, "maxParticipants", 200))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        return (String) created.get("meetingId");
    }

    /** Joins a participant of that name; its participant id. */
    String join(String meeting, String name) {
        Map<?, ?> joined = http.post().uri("/api/v1/meetings/{id}/participants", meeting).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", name))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        return (String) joined.get("participantId");
    }

    void leave(String meeting, String participant) {
        http.delete().uri("/api/v1/meetings/{id}/participants/{p}", meeting, UUID.fromString(participant))
                .exchange().expectStatus().isNoContent();
    }

    /** Waits until every projection runs with nothing left to apply. */
    void awaitCaughtUp(Duration within) {
        await().atMost(within).pollDelay(Duration.ofSeconds(3)).until(() -> platform.projections().statuses().stream()
                .allMatch(s -> s.state() == ProjectionStatus.State.RUNNING && s.lagRecords() == 0));
    }

    @Override
    public void close() {
        redisClient.shutdown();
        platform.close();
    }
}
