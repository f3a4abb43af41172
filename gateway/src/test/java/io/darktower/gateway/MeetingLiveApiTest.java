package io.darktower.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darktower.devstack.Endpoints;
import io.darktower.devstack.Sql;
import io.darktower.gateway.presence.PresenceWatch;
import io.darktower.readmodel.RedisKeys;
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
    private static final UUID HOST = UUID.randomUUID();

    private static ReadSide readSide;
    private static Endpoints db;
    private static RedisCommands<String, String> redis;

    @LocalServerPort
    int port;

    @Autowired
    PresenceWatch presence;

    private WebTestClient http;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        readSide = ReadSide.start(registry, "gateway_live_test");
        db = readSide.db();
        redis = readSide.redis();
    }

    @AfterAll
    static void stop() {
        readSide.close();
    }

    @BeforeEach
    void client() {
        http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(WAIT).build();
        // a user row for the host: meetings.created_by_user_id refers to users
        Sql.execute(db, "INSERT INTO users (user_id, email, display_name) VALUES ('" + HOST + "', 'host-" + HOST
                + "@example.com', 'Host') ON CONFLICT DO NOTHING");
    }

    private String create(Map<String, Object> body) {
        return http.post().uri("/api/v1/meetings").header("X-User-Id", HOST.toString())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isCreated()
                .expectBody().returnResult().getResponseHeaders().getLocation().getPath().replace("/api/v1/meetings/", "");
    }

    private WebTestClient.ResponseSpec join(String meeting, String name, UUID user) {
        WebTestClient.RequestBodySpec request = http.post().uri("/api/v1/meetings/{id}/participants", meeting)
                .contentType(MediaType.APPLICATION_JSON);
        if (user != null) {
            request = request.header("X-User-Id", user.toString());
        }
        return request.bodyValue(Map.of("displayName", name)).exchange();
    }

    private static String participantId(WebTestClient.ResponseSpec response) {
        return new String(response.expectBody().returnResult().getResponseBody()).replaceAll(".*\"participantId\":\"([^\"]+)\".*", "$1");
    }

    private WebTestClient.ResponseSpec post(String path, UUID caller, Object... vars) {
        WebTestClient.RequestBodySpec request = http.post().uri(path, vars);
        if (caller != null) {
            request = request.header("X-User-Id", caller.toString());
        }
        return request.exchange();
    }

    private void heartbeat(String meeting, String participant) {
        post("/api/v1/meetings/{m}/participants/{p}/heartbeat", null, meeting, participant).expectStatus().isNoContent();
    }

    @Test
    void theHostRunsTheWaitingRoomChangesSettingsKicksAndParticipantsPublishAndSubscribe() {
        String meeting = create(Map.of("displayName", "Live", "settings", Map.of("waitingRoom", true)));
        await().atMost(WAIT).until(() -> Sql.rows(db, "SELECT 1 FROM meetings WHERE meeting_id = '" + meeting + "'").size() == 1);
        String meetingCode = Sql.one(db, "SELECT meeting_code FROM meetings WHERE meeting_id = '" + meeting + "'");
        http.get().uri("/api/v1/meetings/by-code/{code}", meetingCode).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.meetingId").isEqualTo(meeting);
        http.get().uri("/api/v1/meetings/by-code/{code}", "no-such-code").exchange().expectStatus().isNotFound();

        String host = participantId(join(meeting, "Host", HOST).expectStatus().isCreated());
        WebTestClient.ResponseSpec guestJoin = join(meeting, "Guest", null).expectStatus().isAccepted();
        String guest = participantId(guestJoin);
        await().atMost(WAIT).until(() -> "waiting".equals(redis.hget(RedisKeys.participant(UUID.fromString(guest)), "connection_state")));

        post("/api/v1/meetings/{m}/participants/{p}/admit", UUID.randomUUID(), meeting, guest)
                .expectStatus().isForbidden().expectBody().jsonPath("$.reason").isEqualTo("NOT_ALLOWED");
        post("/api/v1/meetings/{m}/participants/{p}/admit", HOST, meeting, guest).expectStatus().isNoContent();
        post("/api/v1/meetings/{m}/participants/{p}/admit", HOST, meeting, guest).expectStatus().isNoContent();
        await().atMost(WAIT).until(() -> redis.sismember(RedisKeys.meetingParticipants(UUID.fromString(meeting)), guest));

        http.patch().uri("/api/v1/meetings/{id}", meeting).header("X-User-Id", HOST.toString())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", "Renamed", "settings", Map.of("allowRecording", true)))
                .exchange().expectStatus().isNoContent();
        http.patch().uri("/api/v1/meetings/{id}", meeting).header("X-User-Id", HOST.toString())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("maxParticipants", 1))
                .exchange().expectStatus().isEqualTo(409).expectBody().jsonPath("$.reason").isEqualTo("CAPACITY_BELOW_PRESENT");
        http.patch().uri("/api/v1/meetings/{id}", meeting).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", "a\u0000b")).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.fields.displayName").exists();

        String stream = new String(http.post().uri("/api/v1/meetings/{m}/participants/{p}/streams", meeting, host)
                .header("Idempotency-Key", "cam-" + meeting).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("streamType", "video_camera", "codec", "VP9", "maxBitrate", 2_500_000))
                .exchange().expectStatus().isCreated().expectBody().returnResult().getResponseBody())
                .replaceAll(".*\"streamId\":\"([^\"]+)\".*", "$1");
        http.post().uri("/api/v1/meetings/{m}/participants/{p}/streams", meeting, host)
                .header("Idempotency-Key", "cam-" + meeting).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("streamType", "video_camera", "codec", "VP9", "maxBitrate", 2_500_000))
                .exchange().expectStatus().isCreated().expectBody().jsonPath("$.streamId").isEqualTo(stream);
        http.post().uri("/api/v1/meetings/{m}/participants/{p}/streams", meeting, host).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("streamType", "hologram", "codec", "VP9", "maxBitrate", 1)).exchange().expectStatus().isBadRequest();
        http.put().uri("/api/v1/meetings/{m}/participants/{p}/subscriptions/{s}", meeting, guest, stream).exchange()
                .expectStatus().isNoContent();
        http.put().uri("/api/v1/meetings/{m}/participants/{p}/subscriptions/{s}", meeting, host, stream).exchange()
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.reason").isEqualTo("OWN_STREAM");
        await().atMost(WAIT).until(() -> "1".equals(redis.hget(RedisKeys.stream(UUID.fromString(stream)), "subscribers")));
        assertThat(redis.hget(RedisKeys.participant(UUID.fromString(host)), "streams")).isEqualTo("[\"" + stream + "\"]");
        assertThat(redis.smembers(RedisKeys.participantSubscriptions(UUID.fromString(guest)))).containsExactly(stream);
        assertThat(redis.hget(RedisKeys.meeting(UUID.fromString(meeting)), "display_name")).isEqualTo("Renamed");

        post("/api/v1/meetings/{m}/participants/{p}/kick", UUID.randomUUID(), meeting, guest).expectStatus().isForbidden();
        post("/api/v1/meetings/{m}/participants/{p}/kick", HOST, meeting, guest).expectStatus().isNoContent();
        await().atMost(WAIT).until(() -> "kicked".equals(
                Sql.one(db, "SELECT leave_reason FROM meeting_participants WHERE participant_id = '" + guest + "'")));
        assertThat(redis.hget(RedisKeys.stream(UUID.fromString(stream)), "subscribers")).isEqualTo("0");
    }

    @Test
    void heartbeatsKeepAParticipantPresentAndOneWhoseHeartbeatsStopLeavesWithConnectionLostEndingTheMeeting() {
        String meeting = create(Map.of("displayName", "Presence"));
        String alice = participantId(join(meeting, "Alice", null).expectStatus().isCreated());
        String bob = participantId(join(meeting, "Bob", null).expectStatus().isCreated());
        await().atMost(WAIT).until(() -> redis.scard(RedisKeys.meetingParticipants(UUID.fromString(meeting))) == 2);

        heartbeat(meeting, alice);
        assertThat(redis.ttl(RedisKeys.presence(UUID.fromString(alice)))).isBetween(28L, 30L);
        assertThat(Long.parseLong(redis.get(RedisKeys.presence(UUID.fromString(alice)))))
                .isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(2L));
        assertThat(redis.ttl(RedisKeys.participant(UUID.fromString(alice)))).isBetween(298L, 300L);
        post("/api/v1/meetings/{m}/participants/{p}/heartbeat", null, meeting, UUID.randomUUID()).expectStatus().isNotFound();

        // Bob never beats: he is let go with connection_lost; Alice keeps beating and stays
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline && Sql.rows(db, "SELECT 1 FROM meeting_participants WHERE participant_id = '"
                + bob + "' AND leave_reason = 'connection_lost'").isEmpty()) {
            heartbeat(meeting, alice);
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
