package io.darktower.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.Sql;
import io.darktower.events.EventJson;
import io.darktower.queries.webtransport.WebTransportTokens;
import io.darktower.readmodel.RedisKeys;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A join over HTTP with meeting controllers registered: it places the meeting near the caller on a live controller with
 * room, answers that controller's signaling URL and a one-time WebTransport token ({@code wt:token:{token}}), and with no
 * controller with room answers 503 CAPACITY_EXCEEDED having written nothing. The sweeper is off: only joins place here.
 * A signed-in user creates and joins; the node fleet's service client registers the controllers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "darktower.nodes.sweeper-enabled=false")
class MeetingPlacementApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static ApiCallers.TestUser user;
    private static String nodes;

    private static ReadSide readSide;
    private static Endpoints db;
    private static RedisCommands<String, String> redis;

    @LocalServerPort
    int port;

    @Autowired
    WebTransportTokens tokens;

    private WebTestClient http;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        readSide = ReadSide.start(registry, "gateway_placement_test");
        db = readSide.db();
        redis = readSide.redis();
    }

    @AfterAll
    static void stop() {
        readSide.close();
    }

    @BeforeEach
    void client() {
        http = ApiCallers.client(port).mutate().responseTimeout(WAIT).build();
        synchronized (MeetingPlacementApiTest.class) {
            if (user == null) {
                user = ApiCallers.signUp(http, "Placer");
                nodes = ApiCallers.serviceToken(http);
            }
        }
    }

    private String create() {
        String meeting = http.post().uri("/api/v1/meetings").headers(user::authorize)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", "Placed")).exchange().expectStatus().isCreated()
                .expectBody().returnResult().getResponseHeaders().getLocation().getPath().replace("/api/v1/meetings/", "");
        await().atMost(WAIT).until(() -> !Sql.rows(db, "SELECT 1 FROM meetings WHERE meeting_id = '" + meeting + "'").isEmpty());
        return meeting;
    }

    private WebTestClient.ResponseSpec join(String meeting, Map<String, Object> body, String regionHeader) {
        WebTestClient.RequestBodySpec request = http.post().uri("/api/v1/meetings/{id}/participants", meeting)
                .headers(user::authorize).contentType(MediaType.APPLICATION_JSON);
        if (regionHeader != null) {
            request = request.header("X-Client-Region", regionHeader);
        }
        return request.bodyValue(body).exchange();
    }

    private static JsonNode json(WebTestClient.ResponseSpec response) throws Exception {
        return EventJson.mapper().readTree(response.expectBody().returnResult().getResponseBody());
    }

    private void register(String id, String region, int maxMeetings) {
        http.put().uri("/api/v1/controllers/{id}", id).headers(h -> h.setBearerAuth(nodes))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("region", region, "endpoint", endpoint(id), "maxMeetings", maxMeetings, "maxParticipants", 1000))
                .exchange().expectStatus().isOk();
        await().atMost(WAIT).until(() -> String.valueOf(maxMeetings).equals(
                Sql.one(db, "SELECT max_meetings FROM meeting_controllers WHERE controller_id = '" + id + "'")));
    }

    private void capacity(String id, int maxMeetings) {
        http.put().uri("/api/v1/controllers/{id}/capacity", id).headers(h -> h.setBearerAuth(nodes))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("maxMeetings", maxMeetings, "maxParticipants", 1000)).exchange().expectStatus().isOk();
        await().atMost(WAIT).until(() -> String.valueOf(maxMeetings).equals(
                Sql.one(db, "SELECT max_meetings FROM meeting_controllers WHERE controller_id = '" + id + "'")));
    }

    private static String endpoint(String id) {
        return "https://" + id + ".example.com:4433/wt";
    }

    private String assignedTo(String meeting) {
        await().atMost(WAIT).until(() -> Sql.one(db, "SELECT assigned_controller_id FROM meetings WHERE meeting_id = '"
                + meeting + "'") != null);
        return Sql.one(db, "SELECT assigned_controller_id FROM meetings WHERE meeting_id = '" + meeting + "'");
    }

    private long events(String meeting) {
        return Long.parseLong(Sql.one(db, "SELECT count(*) FROM event_store.domain_event_entry WHERE aggregate_identifier = '"
                + meeting + "'"));
    }

    @Test
    @Order(2)
    void aJoinPlacesTheMeetingInTheCallersRegionOnANodeWithRoomAndWithNoneWritesNothing() throws Exception {
        // with no controller registered, a platform without nodes joins without one
        JsonNode nodeless = json(join(create(), Map.of("displayName", "Early"), null).expectStatus().isCreated());
        assertThat(nodeless.get("signalingUrl").isNull()).isTrue();
        assertThat(nodeless.get("wtToken").asText()).isNotBlank();
        assertThat(nodeless.get("joinToken").asText()).isNotBlank();

        register("mc-eu-1", "eu-test", 2);
        register("mc-us-1", "us-test", 2);

        // the region from the header, then from the body (which wins over the header)
        String first = create();
        JsonNode answer = json(join(first, Map.of("displayName", "Eu"), "eu-test").expectStatus().isCreated());
        assertThat(answer.get("signalingUrl").asText()).isEqualTo(endpoint("mc-eu-1"));
        assertThat(assignedTo(first)).isEqualTo("mc-eu-1");
        assertThat(Sql.one(db, "SELECT assigned_region FROM meetings WHERE meeting_id = '" + first + "'")).isEqualTo("eu-test");
        String second = create();
        assertThat(json(join(second, Map.of("displayName", "Us", "region", "us-test"), "eu-test").expectStatus().isCreated())
                .get("signalingUrl").asText()).isEqualTo(endpoint("mc-us-1"));
        assertThat(assignedTo(second)).isEqualTo("mc-us-1");

        // a placed meeting keeps its node whoever joins from wherever
        assertThat(json(join(first, Map.of("displayName", "Us too", "region", "us-test"), null).expectStatus().isCreated())
                .get("signalingUrl").asText()).isEqualTo(endpoint("mc-eu-1"));

        // eu full (one meeting of one): an eu caller goes to the node with room
        capacity("mc-eu-1", 1);
        String third = create();
        assertThat(json(join(third, Map.of("displayName", "Eu again"), "eu-test").expectStatus().isCreated())
                .get("signalingUrl").asText()).isEqualTo(endpoint("mc-us-1"));
        assertThat(assignedTo(third)).isEqualTo("mc-us-1");

        // every node full: 503 CAPACITY_EXCEEDED, and neither the placement nor the join nor a token is written
        String fourth = create();
        join(fourth, Map.of("displayName", "Nowhere"), "eu-test").expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("CAPACITY_EXCEEDED").jsonPath("$.reason").isEqualTo("NO_NODE_AVAILABLE");
        assertThat(events(fourth)).isEqualTo(1);
        assertThat(redis.keys("wt:token:*")).noneMatch(key -> fourth.equals(redis.hget(key, "meeting_id")));

        // an unhealthy node takes nothing either; room again lets the join through
        http.put().uri("/api/v1/controllers/{id}/health", "mc-eu-1").headers(h -> h.setBearerAuth(nodes))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("health", "unhealthy", "reason", "test")).exchange().expectStatus().isOk();
        capacity("mc-eu-1", 10);
        await().atMost(WAIT).until(() -> "unhealthy".equals(
                Sql.one(db, "SELECT health_status FROM meeting_controllers WHERE controller_id = 'mc-eu-1'")));
        join(fourth, Map.of("displayName", "Nowhere"), "eu-test").expectStatus().isEqualTo(503);
        assertThat(events(fourth)).isEqualTo(1);
        capacity("mc-us-1", 3);
        assertThat(json(join(fourth, Map.of("displayName", "Somewhere"), "eu-test").expectStatus().isCreated())
                .get("signalingUrl").asText()).isEqualTo(endpoint("mc-us-1"));

        // a join refused for its fields is refused before the meeting is placed
        String fifth = create();
        join(fifth, Map.of("displayName", " "), "us-test").expectStatus().isBadRequest();
        assertThat(events(fifth)).isEqualTo(1);
    }

    @Test
    @Order(1) // before any node is registered: the other test fills them all
    void theJoinAnswersAOneTimeWebTransportTokenForFiveMinutes() throws Exception {
        String meeting = create();
        JsonNode answer = json(join(meeting, Map.of("displayName", "Alice"), null).expectStatus().isCreated());
        String participant = answer.get("participantId").asText();
        String token = answer.get("wtToken").asText();
        String key = RedisKeys.webTransportToken(token);
        assertThat(redis.hgetall(key)).containsEntry("participant_id", participant).containsEntry("meeting_id", meeting)
                .containsEntry("connection_type", "media").containsKey("created_at");
        assertThat(Long.parseLong(redis.hget(key, "created_at"))).isCloseTo(System.currentTimeMillis() / 1000,
                org.assertj.core.data.Offset.offset(5L));
        assertThat(redis.ttl(key)).isBetween(295L, 300L);

        WebTransportTokens.Grant grant = tokens.consume(token).block();
        assertThat(grant.participantId()).hasToString(participant);
        assertThat(grant.meetingId()).hasToString(meeting);
        assertThat(tokens.consume(token).block()).as("used once").isNull();

        // a retried join (same Idempotency-Key) is the same participant with a fresh token
        JsonNode first = json(http.post().uri("/api/v1/meetings/{id}/participants", meeting).headers(user::authorize)
                .header("Idempotency-Key", "bob-" + meeting)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("displayName", "Bob")).exchange().expectStatus().isCreated());
        JsonNode retried = json(http.post().uri("/api/v1/meetings/{id}/participants", meeting).headers(user::authorize)
                .header("Idempotency-Key", "bob-" + meeting)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("displayName", "Bob")).exchange().expectStatus().isCreated());
        assertThat(retried.get("participantId")).isEqualTo(first.get("participantId"));
        assertThat(retried.get("wtToken").asText()).isNotEqualTo(first.get("wtToken").asText());
        assertThat(retried.get("joinToken").asText()).isNotBlank();
    }
}
