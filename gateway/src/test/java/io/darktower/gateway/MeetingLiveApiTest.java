package io.darktower.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darktower.crypto.Keyring;
import io.darktower.devstack.Databases;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.darktower.devstack.Sql;
import io.darktower.gateway.presence.PresenceWatch;
import io.darktower.projections.runtime.ProjectionService;
import io.darktower.projections.runtime.ProjectionSettings;
import io.darktower.readmodel.RedisKeys;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A meeting's life as its host and participants drive it over HTTP, with the read side running (relay, Kafka,
 * projections): waiting room, settings, kick, streams and subscriptions, look-up by code, heartbeats, and a
 * participant whose heartbeats stop leaving with {@code connection_lost}, which ends the meeting.
 */
// its relay, sweepers and presence watch stop with the class: no two relays capture in one test JVM
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "darktower.presence.sweep-interval=300ms",
        "darktower.presence.join-grace=1s",
        "darktower.presence.confirm=1s"})
class MeetingLiveApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String KEY = Keyring.newKeyBase64();
    private static ApiCallers.TestUser hostUser;
    /** A signed-in user who is not the host. */
    private static ApiCallers.TestUser stranger;

    private static Endpoints db;
    private static ProjectionService projections;
    private static RedisClient redisClient;
    private static RedisCommands<String, String> redis;

    @LocalServerPort
    int port;

    @Autowired
    PresenceWatch presence;

    private WebTestClient http;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        db = Databases.create(SharedTestStack.endpoints(), "gateway_live_test");
        // with the users projection (it opens sealed hashes with the keyring): a meeting's host is a signed-up user
        projections = ProjectionService.start(new ProjectionSettings(db.kafkaBootstrapServers(), db.jdbcUrl(),
                db.databaseUser(), db.databasePassword(), db.redisUri(), ProjectionSettings.Tuning.DEFAULTS,
                Keyring.ofBase64(Map.of("live-test", KEY), "live-test")));
        redisClient = RedisClient.create(db.redisUri());
        redis = redisClient.connect().sync();
        GatewayInfrastructure.register(registry, db, "gateway_live_test");
        registry.add("darktower.crypto.keys.live-test", () -> KEY);
        registry.add("darktower.crypto.active-key", () -> "live-test");
    }

    @AfterAll
    static void stop() {
        projections.close();
        redisClient.shutdown();
    }

    @BeforeEach
    void client() {
        http = ApiCallers.client(port).mutate().responseTimeout(WAIT).build();
        synchronized (MeetingLiveApiTest.class) {
            if (hostUser == null) {
                hostUser = ApiCallers.signUp(http, "Host");
                stranger = ApiCallers.signUp(http, "Stranger");
            }
        }
    }

    private String create(Map<String, Object> body) {
        return http.post().uri("/api/v1/meetings").headers(hostUser::authorize)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isCreated()
                .expectBody().returnResult().getResponseHeaders().getLocation().getPath().replace("/api/v1/meetings/", "");
    }

    /** A participant as the join answered it: its id and its join token. */
    private record Joined(String id, String token) {
    }

    /** Joins as {@code user}, or as a guest (with a guest token for the meeting) without one. */
    private WebTestClient.ResponseSpec join(String meeting, String name, ApiCallers.TestUser user) {
        String token = user != null ? user.accessToken() : ApiCallers.guestToken(http, meeting);
        return http.post().uri("/api/v1/meetings/{id}/participants", meeting).headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("displayName", name)).exchange();
    }

    private static Joined joined(WebTestClient.ResponseSpec response) {
        var body = ApiCallers.json(response);
        return new Joined(body.get("participantId").asText(), body.get("joinToken").asText());
    }

    private WebTestClient.ResponseSpec post(String path, String token, Object... vars) {
        return http.post().uri(path, vars).headers(h -> h.setBearerAuth(token)).exchange();
    }

    private void heartbeat(String meeting, Joined participant) {
        post("/api/v1/meetings/{m}/participants/{p}/heartbeat", participant.token(), meeting, participant.id())
                .expectStatus().isNoContent();
    }

    @Test
    void theHostRunsTheWaitingRoomChangesSettingsKicksAndParticipantsPublishAndSubscribe() {
        String meeting = create(Map.of("displayName", "Live", "settings", Map.of("waitingRoom", true)));
        await().atMost(WAIT).until(() -> Sql.rows(db, "SELECT 1 FROM meetings WHERE meeting_id = '" + meeting + "'").size() == 1);
        String meetingCode = Sql.one(db, "SELECT meeting_code FROM meetings WHERE meeting_id = '" + meeting + "'");
        http.get().uri("/api/v1/meetings/by-code/{code}", meetingCode).headers(stranger::authorize).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.meetingId").isEqualTo(meeting);
        http.get().uri("/api/v1/meetings/by-code/{code}", "no-such-code").headers(stranger::authorize).exchange()
                .expectStatus().isNotFound();

        Joined hostJoined = joined(join(meeting, "Host", hostUser).expectStatus().isCreated());
        String host = hostJoined.id();
        Joined guestJoined = joined(join(meeting, "Guest", null).expectStatus().isAccepted());
        String guest = guestJoined.id();
        await().atMost(WAIT).until(() -> "waiting".equals(redis.hget(RedisKeys.participant(UUID.fromString(guest)), "connection_state")));

        post("/api/v1/meetings/{m}/participants/{p}/admit", stranger.accessToken(), meeting, guest)
                .expectStatus().isForbidden().expectBody().jsonPath("$.reason").isEqualTo("NOT_ALLOWED");
        // a waiting guest's join token does not let it admit itself
        post("/api/v1/meetings/{m}/participants/{p}/admit", guestJoined.token(), meeting, guest)
                .expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
        post("/api/v1/meetings/{m}/participants/{p}/admit", hostUser.accessToken(), meeting, guest).expectStatus().isNoContent();
        post("/api/v1/meetings/{m}/participants/{p}/admit", hostUser.accessToken(), meeting, guest).expectStatus().isNoContent();
        await().atMost(WAIT).until(() -> redis.sismember(RedisKeys.meetingParticipants(UUID.fromString(meeting)), guest));

        http.patch().uri("/api/v1/meetings/{id}", meeting).headers(stranger::authorize)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("displayName", "Not yours"))
                .exchange().expectStatus().isForbidden().expectBody().jsonPath("$.reason").isEqualTo("NOT_ALLOWED");
        http.patch().uri("/api/v1/meetings/{id}", meeting).headers(hostUser::authorize)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", "Renamed", "settings", Map.of("allowRecording", true)))
                .exchange().expectStatus().isNoContent();
        http.patch().uri("/api/v1/meetings/{id}", meeting).headers(hostUser::authorize)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("maxParticipants", 1))
                .exchange().expectStatus().isEqualTo(409).expectBody().jsonPath("$.reason").isEqualTo("CAPACITY_BELOW_PRESENT");
        http.patch().uri("/api/v1/meetings/{id}", meeting).headers(hostUser::authorize).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", "a\u0000b")).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.fields.displayName").exists();

        String stream = new String(http.post().uri("/api/v1/meetings/{m}/participants/{p}/streams", meeting, host).headers(hostUser::authorize)
                .header("Idempotency-Key", "cam-" + meeting).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("streamType", "video_camera", "codec", "VP9", "maxBitrate", 2_500_000))
                .exchange().expectStatus().isCreated().expectBody().returnResult().getResponseBody())
                .replaceAll(".*\"streamId\":\"([^\"]+)\".*", "$1");
        http.post().uri("/api/v1/meetings/{m}/participants/{p}/streams", meeting, host).headers(hostUser::authorize)
                .header("Idempotency-Key", "cam-" + meeting).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("streamType", "video_camera", "codec", "VP9", "maxBitrate", 2_500_000))
                .exchange().expectStatus().isCreated().expectBody().jsonPath("$.streamId").isEqualTo(stream);
        http.post().uri("/api/v1/meetings/{m}/participants/{p}/streams", meeting, host).headers(hostUser::authorize).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("streamType", "hologram", "codec", "VP9", "maxBitrate", 1)).exchange().expectStatus().isBadRequest();
        http.put().uri("/api/v1/meetings/{m}/participants/{p}/subscriptions/{s}", meeting, guest, stream)
                .headers(h -> h.setBearerAuth(guestJoined.token())).exchange()
                .expectStatus().isNoContent();
        // a join token speaks for its own participant only
        http.put().uri("/api/v1/meetings/{m}/participants/{p}/subscriptions/{s}", meeting, host, stream)
                .headers(h -> h.setBearerAuth(guestJoined.token())).exchange()
                .expectStatus().isForbidden();
        http.put().uri("/api/v1/meetings/{m}/participants/{p}/subscriptions/{s}", meeting, host, stream)
                .headers(h -> h.setBearerAuth(hostJoined.token())).exchange()
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.reason").isEqualTo("OWN_STREAM");
        await().atMost(WAIT).until(() -> "1".equals(redis.hget(RedisKeys.stream(UUID.fromString(stream)), "subscribers")));
        assertThat(redis.hget(RedisKeys.participant(UUID.fromString(host)), "streams")).isEqualTo("[\"" + stream + "\"]");
        assertThat(redis.smembers(RedisKeys.participantSubscriptions(UUID.fromString(guest)))).containsExactly(stream);
        assertThat(redis.hget(RedisKeys.meeting(UUID.fromString(meeting)), "display_name")).isEqualTo("Renamed");

        post("/api/v1/meetings/{m}/participants/{p}/kick", stranger.accessToken(), meeting, guest).expectStatus().isForbidden();
        post("/api/v1/meetings/{m}/participants/{p}/kick", hostUser.accessToken(), meeting, guest).expectStatus().isNoContent();
        await().atMost(WAIT).until(() -> "kicked".equals(
                Sql.one(db, "SELECT leave_reason FROM meeting_participants WHERE participant_id = '" + guest + "'")));
        assertThat(redis.hget(RedisKeys.stream(UUID.fromString(stream)), "subscribers")).isEqualTo("0");
    }

    @Test
    void heartbeatsKeepAParticipantPresentAndOneWhoseHeartbeatsStopLeavesWithConnectionLostEndingTheMeeting() {
        String meeting = create(Map.of("displayName", "Presence"));
        Joined aliceJoined = joined(join(meeting, "Alice", null).expectStatus().isCreated());
        String alice = aliceJoined.id();
        String bob = joined(join(meeting, "Bob", null).expectStatus().isCreated()).id();
        await().atMost(WAIT).until(() -> redis.scard(RedisKeys.meetingParticipants(UUID.fromString(meeting))) == 2);

        heartbeat(meeting, aliceJoined);
        assertThat(redis.ttl(RedisKeys.presence(UUID.fromString(alice)))).isBetween(28L, 30L);
        assertThat(Long.parseLong(redis.get(RedisKeys.presence(UUID.fromString(alice)))))
                .isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(2L));
        assertThat(redis.ttl(RedisKeys.participant(UUID.fromString(alice)))).isBetween(298L, 300L);
        post("/api/v1/meetings/{m}/participants/{p}/heartbeat", hostUser.accessToken(), meeting, UUID.randomUUID())
                .expectStatus().isNotFound();

        // Bob never beats: he is let go with connection_lost; Alice keeps beating and stays
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline && Sql.rows(db, "SELECT 1 FROM meeting_participants WHERE participant_id = '"
                + bob + "' AND leave_reason = 'connection_lost'").isEmpty()) {
            heartbeat(meeting, aliceJoined);
            sleep(200);
        }
        assertThat(Sql.one(db, "SELECT leave_reason FROM meeting_participants WHERE participant_id = '" + bob + "'"))
                .isEqualTo("connection_lost");
        assertThat(Sql.one(db, "SELECT left_at IS NULL FROM meeting_participants WHERE participant_id = '" + alice + "'"))
                .isEqualTo("true");
        String actor = Sql.one(db, "SELECT meta_data FROM event_store.domain_event_entry WHERE aggregate_identifier = '"
                + meeting + "' AND payload_type LIKE '%ParticipantLeft'");
        assertThat(actor).contains("\"actorType\":\"system\"");

        // Alice's heartbeats stop too, and with the last one gone the meeting ends
        redis.del(RedisKeys.presence(UUID.fromString(alice)));
        await().atMost(WAIT).until(() -> "ended".equals(Sql.one(db, "SELECT status FROM meetings WHERE meeting_id = '" + meeting + "'")));
        assertThat(Sql.one(db, "SELECT leave_reason FROM meeting_participants WHERE participant_id = '" + alice + "'"))
                .isEqualTo("connection_lost");
        assertThat(presence.isRunning()).isTrue();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
