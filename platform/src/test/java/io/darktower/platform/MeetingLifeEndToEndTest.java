package io.darktower.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darktower.devstack.Endpoints;
import io.darktower.devstack.Sql;
import io.darktower.readmodel.RedisKeys;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One meeting's whole life through the running platform on the real embedded stack: HTTP in, events stored,
 * relayed to Kafka, projected into the seed's PostgreSQL rows and Redis keys, checked at every step.
 */
class MeetingLifeEndToEndTest {

    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(30);

    private static RunningPlatform running;
    private static Endpoints db;
    private static Platform platform;
    private static WebTestClient http;
    private static RedisCommands<String, String> redis;

    @BeforeAll
    static void start() {
        running = RunningPlatform.start("platform_e2e");
        db = running.db;
        platform = running.platform;
        http = running.http;
        redis = running.redis;
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @Test
    void createJoinThreeOneLeavesThenTheRestLeaveAndTheMeetingEndsByItself() throws Exception {
        Map<?, ?> created = http.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON)
                .header("X-Request-Id", "e2e-create")
                .bodyValue(Map.of("displayName", "Team Standup", "maxParticipants", 10))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        UUID meeting = UUID.fromString((String) created.get("meetingId"));
        String meetingKey = RedisKeys.meeting(meeting);
        String setKey = RedisKeys.meetingParticipants(meeting);

        // created: a scheduled meeting in both read models
        await().atMost(VISIBLE_WITHIN).until(() -> redis.exists(meetingKey) == 1 && meetingRow(meeting) != null);
        assertThat(meetingRow(meeting)).containsEntry("status", "scheduled").containsEntry("display_name", "Team Standup")
                .containsEntry("meeting_code", created.get("meetingCode")).containsEntry("max_participants", 10)
                .containsEntry("actual_start_time", null).containsEntry("ended_at", null);
        assertThat(redis.hgetall(meetingKey)).containsExactlyInAnyOrderEntriesOf(Map.of("meeting_id", meeting.toString(),
                "display_name", "Team Standup", "status", "scheduled", "participant_count", "0", "started_at", "",
                "controller_id", "", "media_handler_id", ""));

        // three join
        UUID alice = join(meeting, "Alice");
        UUID bob = join(meeting, "Bob");
        UUID carol = join(meeting, "Carol");
        await().atMost(VISIBLE_WITHIN).until(() -> "3".equals(redis.hget(meetingKey, "participant_count"))
                && participantRows(meeting).size() == 3);
        Map<String, String> meetingHash = redis.hgetall(meetingKey);
        assertThat(meetingHash).containsEntry("status", "active").containsEntry("participant_count", "3")
                .containsKey("started_at");
        assertThat(redis.smembers(setKey)).containsExactlyInAnyOrder(alice.toString(), bob.toString(), carol.toString());
        assertThat(redis.ttl(meetingKey)).as("a live meeting does not expire").isEqualTo(-1L);
        Map<String, String> aliceHash = redis.hgetall(RedisKeys.participant(alice));
        assertThat(aliceHash).containsOnlyKeys("participant_id", "meeting_id", "user_id", "display_name", "joined_at",
                "connection_state", "last_heartbeat", "streams");
        assertThat(aliceHash).as("the signed-in user who joined").containsEntry("user_id", running.user.userId().toString());
        assertThat(aliceHash).containsEntry("meeting_id", meeting.toString()).containsEntry("display_name", "Alice")
                .containsEntry("connection_state", "connected").containsEntry("streams", "[]");
        assertThat(redis.ttl(RedisKeys.participant(alice))).isBetween(290L, 300L);
        Map<String, Object> row = meetingRow(meeting);
        assertThat(row).containsEntry("status", "active");
        assertThat(((java.sql.Timestamp) row.get("actual_start_time")).toInstant().getEpochSecond())
                .isEqualTo(Long.parseLong(meetingHash.get("started_at")));
        assertThat(participantRows(meeting)).allSatisfy(p -> assertThat(p)
                .containsEntry("left_at", null).containsEntry("leave_reason", null)
                .containsEntry("user_agent", "e2e-client/1.0").containsEntry("client_version", "e2e-1"));
        assertThat(participantRows(meeting).get(0).get("ip_address").toString()).isEqualTo("127.0.0.1");

        // one leaves
        leave(meeting, bob);
        await().atMost(VISIBLE_WITHIN).until(() -> "2".equals(redis.hget(meetingKey, "participant_count"))
                && participant(meeting, bob).get("left_at") != null);
        assertThat(redis.smembers(setKey)).containsExactlyInAnyOrder(alice.toString(), carol.toString());
        assertThat(redis.exists(RedisKeys.participant(bob))).isZero();
        assertThat(participant(meeting, bob)).containsEntry("leave_reason", "voluntary");
        assertThat(meetingRow(meeting)).containsEntry("status", "active");
        http.get().uri("/api/v1/meetings/{id}", meeting).exchange().expectStatus().isOk()
                .expectHeader().exists("X-Request-Id")
                .expectBody()
                .jsonPath("$.status").isEqualTo("active")
                .jsonPath("$.participantCount").isEqualTo(2)
                .jsonPath("$.participants[0].displayName").isEqualTo("Alice")
                .jsonPath("$.participants[1].displayName").isEqualTo("Carol");

        // the rest leave: the meeting ends by itself
        leave(meeting, alice);
        leave(meeting, carol);
        await().atMost(VISIBLE_WITHIN).until(() -> "ended".equals(redis.hget(meetingKey, "status"))
                && "ended".equals(meetingRow(meeting).get("status")));
        assertThat(meetingRow(meeting).get("ended_at")).isNotNull();
        assertThat(redis.hgetall(meetingKey)).containsEntry("participant_count", "0");
        assertThat(redis.ttl(meetingKey)).as("meeting:{id} expires 24 h after the end").isBetween(86_380L, 86_400L);
        assertThat(redis.exists(setKey)).as("the emptied participant set is gone").isZero();
        assertThat(redis.exists(RedisKeys.participant(alice), RedisKeys.participant(carol))).isZero();
        assertThat(participantRows(meeting)).allSatisfy(p -> assertThat(p.get("left_at")).isNotNull())
                .extracting(p -> p.get("leave_reason")).containsOnly("voluntary");
        http.get().uri("/api/v1/meetings/{id}", meeting).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("ended").jsonPath("$.participantCount").isEqualTo(0);
        http.post().uri("/api/v1/meetings/{id}/participants", meeting).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", "Late")).exchange()
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.reason").isEqualTo("MEETING_ENDED");

        // the pipeline's progress, as an operator reads it on the management port (not on the public one)
        http.get().uri("/actuator/health").exchange().expectStatus().isNotFound();
        WebTestClient management = running.management;
        management.get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.components.relay.status").isEqualTo("UP")
                .jsonPath("$.components['projection-meeting-sql'].status").isEqualTo("UP")
                .jsonPath("$.components['projection-meeting-redis'].details.parked").isEqualTo(0);
        management.get().uri("/actuator/metrics/darktower.projection.applied?tag=projection:meeting-redis").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.measurements[0].value")
                .value(v -> assertThat(((Number) v).doubleValue()).isGreaterThanOrEqualTo(9));
        management.get().uri("/actuator/metrics/darktower.relay.published").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.measurements[0].value")
                .value(v -> assertThat(((Number) v).doubleValue()).isGreaterThanOrEqualTo(9));
        management.get().uri("/actuator/metrics/darktower.projection.lag?tag=projection:meeting-sql").exchange()
                .expectStatus().isOk();

        // the history, as an auditor reads it from the event store
        assertThat(Sql.rows(db, "SELECT payload_type FROM event_store.domain_event_entry WHERE aggregate_identifier = '"
                + meeting + "' ORDER BY sequence_number"))
                .extracting(r -> r.get("payload_type").toString().replace("io.darktower.events.meeting.", ""))
                .containsExactly("MeetingCreated", "MeetingStarted", "ParticipantJoined", "ParticipantJoined",
                        "ParticipantJoined", "ParticipantLeft", "ParticipantLeft", "ParticipantLeft", "MeetingEnded");
        assertThat(Sql.rows(db, "SELECT meta_data FROM event_store.domain_event_entry WHERE aggregate_identifier = '"
                + meeting + "' AND sequence_number = 0").get(0).get("meta_data").toString())
                .contains("\"correlationId\":\"e2e-create\"");

        // and as the audit trail shows it: one row per event, in the event's time, with the request it came from
        String audit = "SELECT event_type, action, result, metadata->>'correlationId' AS correlation FROM audit_logs"
                + " WHERE target_type = 'meeting' AND target_id = '" + meeting + "' ORDER BY (metadata->>'sequence')::int";
        await().atMost(VISIBLE_WITHIN).until(() -> Sql.rows(db, audit).size() >= 9);
        assertThat(Sql.rows(db, audit)).extracting(r -> r.get("event_type") + " " + r.get("action") + " " + r.get("result"))
                .containsExactly("meeting_created meeting.created success", "meeting_started meeting.started success",
                        "participant_joined meeting.participant_joined success",
                        "participant_joined meeting.participant_joined success",
                        "participant_joined meeting.participant_joined success",
                        "participant_left meeting.participant_left success",
                        "participant_left meeting.participant_left success",
                        "participant_left meeting.participant_left success",
                        "meeting_ended meeting.ended success");
        assertThat(Sql.rows(db, audit).get(0)).containsEntry("correlation", "e2e-create");
    }

    private static UUID join(UUID meeting, String name) {
        Map<?, ?> joined = http.post().uri("/api/v1/meetings/{id}/participants", meeting)
                .contentType(MediaType.APPLICATION_JSON).header("User-Agent", "e2e-client/1.0")
                .bodyValue(Map.of("displayName", name, "clientVersion", "e2e-1"))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        return UUID.fromString((String) joined.get("participantId"));
    }

    private static void leave(UUID meeting, UUID participant) {
        http.delete().uri("/api/v1/meetings/{id}/participants/{p}", meeting, participant).exchange()
                .expectStatus().isNoContent();
    }

    private static Map<String, Object> meetingRow(UUID meeting) throws Exception {
        List<Map<String, Object>> found = Sql.rows(db, "SELECT * FROM meetings WHERE meeting_id = '" + meeting + "'");
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Map<String, Object>> participantRows(UUID meeting) throws Exception {
        return Sql.rows(db, "SELECT * FROM meeting_participants WHERE meeting_id = '" + meeting + "' ORDER BY joined_at");
    }

    private static Map<String, Object> participant(UUID meeting, UUID participant) throws Exception {
        return Sql.rows(db, "SELECT * FROM meeting_participants WHERE meeting_id = '" + meeting + "' AND participant_id = '"
                + participant + "'").get(0);
    }

}
