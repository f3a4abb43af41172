package io.darktower.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darktower.devstack.Endpoints;
import io.darktower.devstack.Sql;
import io.darktower.events.node.NodeIds;
import io.darktower.readmodel.RedisKeys;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The node registries' API over real HTTP on the running platform: registrations, limits, health and deregistration
 * become events and then rows; heartbeats write the rows and the capacity hash directly and append nothing.
 */
class NodeApiEndToEndTest {

    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(30);

    private static RunningPlatform running;
    private static Endpoints db;
    private static WebTestClient http;
    private static RedisCommands<String, String> redis;

    @BeforeAll
    static void start() {
        running = RunningPlatform.start("platform_nodes_api");
        db = running.db;
        http = running.http;
        redis = running.redis;
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    private static Map<String, Object> controllerBody(String region, int maxMeetings) {
        return Map.of("region", region, "endpoint", "https://mc.example.com:8443", "maxMeetings", maxMeetings,
                "maxParticipants", 10000, "version", "1.4.2", "metadata", Map.of("rack", "r12"));
    }

    private static WebTestClient.ResponseSpec put(String uri, Object body) {
        return http.put().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private static WebTestClient.ResponseSpec post(String uri, Object body) {
        return http.post().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private static long events(String aggregateId) {
        return Long.parseLong(Sql.one(db, "SELECT count(*) FROM event_store.domain_event_entry WHERE aggregate_identifier = '"
                + aggregateId + "'"));
    }

    private static Map<String, Object> controllerRow(String id) {
        List<Map<String, Object>> rows = Sql.rows(db, "SELECT * FROM meeting_controllers WHERE controller_id = '" + id + "'");
        return rows.isEmpty() ? null : rows.get(0);
    }

    @Test
    void aControllerRegistersBeatsChangesAndLeaves() {
        String id = "mc-us-west-1-001";
        String aggregate = NodeIds.controller(id).toString();
        put("/api/v1/controllers/" + id, controllerBody("us-west-1", 1000)).expectStatus().isOk().expectBody()
                .jsonPath("$.controllerId").isEqualTo(id).jsonPath("$.maxMeetings").isEqualTo(1000)
                .jsonPath("$.metadata.rack").isEqualTo("r12");
        put("/api/v1/controllers/" + id, controllerBody("us-west-1", 1000)).expectStatus().isOk();
        assertThat(events(aggregate)).as("registering again with the same details is a retry").isEqualTo(1);
        put("/api/v1/controllers/mc-eu-1", controllerBody("eu-central-1", 10)).expectStatus().isOk();

        await().atMost(VISIBLE_WITHIN).until(() -> controllerRow(id) != null && controllerRow("mc-eu-1") != null);
        http.get().uri("/api/v1/controllers/{id}", id).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.region").isEqualTo("us-west-1").jsonPath("$.endpoint").isEqualTo("https://mc.example.com:8443")
                .jsonPath("$.healthStatus").isEqualTo("healthy").jsonPath("$.currentMeetings").isEqualTo(0)
                .jsonPath("$.version").isEqualTo("1.4.2").jsonPath("$.metadata.rack").isEqualTo("r12");
        http.get().uri("/api/v1/controllers?region=us-west-1").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.controllers.length()").isEqualTo(1).jsonPath("$.controllers[0].controllerId").isEqualTo(id);
        http.get().uri("/api/v1/controllers").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.controllers[*].controllerId").value(ids -> assertThat((List<Object>) ids).contains(id, "mc-eu-1"));

        // a heartbeat is telemetry: the row and the capacity hash, no event (seed's snake_case names accepted)
        post("/api/v1/controllers/" + id + "/heartbeat", Map.of("current_meetings", 245, "current_participants", 3456))
                .expectStatus().isOk().expectBody().jsonPath("$.health").isEqualTo("healthy");
        assertThat(events(aggregate)).isEqualTo(1);
        assertThat(controllerRow(id)).containsEntry("current_meetings", 245).containsEntry("current_participants", 3456);
        String key = RedisKeys.controllerCapacity(id);
        Map<String, String> hash = redis.hgetall(key);
        assertThat(hash).containsOnlyKeys("max_meetings", "current_meetings", "max_participants", "current_participants",
                "health", "last_update");
        assertThat(hash).containsEntry("max_meetings", "1000").containsEntry("current_meetings", "245")
                .containsEntry("max_participants", "10000").containsEntry("current_participants", "3456")
                .containsEntry("health", "healthy");
        assertThat(Long.parseLong(hash.get("last_update"))).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(2L));
        assertThat(redis.ttl(key)).as("5 minutes from the heartbeat").isBetween(299L, 300L);

        // a reported health that differs is a fact
        post("/api/v1/controllers/" + id + "/heartbeat", Map.of("currentMeetings", 250, "currentParticipants", 3500,
                "health", "degraded")).expectStatus().isOk().expectBody().jsonPath("$.health").isEqualTo("degraded");
        assertThat(events(aggregate)).isEqualTo(2);
        assertThat(redis.hget(key, "health")).isEqualTo("degraded");
        await().atMost(VISIBLE_WITHIN).until(() -> "degraded".equals(controllerRow(id).get("health_status")));
        post("/api/v1/controllers/" + id + "/heartbeat", Map.of("currentMeetings", 250, "currentParticipants", 3500,
                "health", "degraded")).expectStatus().isOk();
        assertThat(events(aggregate)).as("the same health again is no fact").isEqualTo(2);

        put("/api/v1/controllers/" + id + "/capacity", Map.of("maxMeetings", 500, "maxParticipants", 5000))
                .expectStatus().isOk().expectBody().jsonPath("$.maxMeetings").isEqualTo(500);
        put("/api/v1/controllers/" + id + "/health", Map.of("health", "healthy", "reason", "recovered"))
                .expectStatus().isOk().expectBody().jsonPath("$.health").isEqualTo("healthy");
        assertThat(events(aggregate)).isEqualTo(4);
        await().atMost(VISIBLE_WITHIN).until(() -> "healthy".equals(controllerRow(id).get("health_status"))
                && Integer.valueOf(500).equals(controllerRow(id).get("max_meetings")));
        await().atMost(VISIBLE_WITHIN).until(() -> "500".equals(redis.hget(key, "max_meetings")));

        http.delete().uri("/api/v1/controllers/{id}", id).exchange().expectStatus().isNoContent();
        http.delete().uri("/api/v1/controllers/{id}", id).exchange().expectStatus().isNoContent();
        assertThat(events(aggregate)).as("deregistering twice is one fact").isEqualTo(5);
        await().atMost(VISIBLE_WITHIN).until(() -> controllerRow(id) == null && redis.exists(key) == 0);
        http.get().uri("/api/v1/controllers/{id}", id).exchange().expectStatus().isNotFound();
        post("/api/v1/controllers/" + id + "/heartbeat", Map.of("currentMeetings", 1, "currentParticipants", 1))
                .expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
        put("/api/v1/controllers/" + id + "/health", Map.of("health", "degraded")).expectStatus().isNotFound()
                .expectBody().jsonPath("$.reason").isEqualTo("NOT_REGISTERED");
        http.delete().uri("/api/v1/controllers/{id}", "mc-never").exchange().expectStatus().isNotFound();
        post("/api/v1/controllers/mc-never/heartbeat", Map.of("currentMeetings", 1, "currentParticipants", 1))
                .expectStatus().isNotFound();
    }

    @Test
    void aMediaHandlerRegistersWithTheSeedsDefaultsBeatsAndLeaves() {
        String id = "mh-us-west-1-001";
        put("/api/v1/media-handlers/" + id, Map.of("region", "us-west-1", "endpoint", "https://mh.example.com:4433",
                "max_streams", 5000, "max_bitrate_mbps", 10000)).expectStatus().isOk().expectBody()
                .jsonPath("$.supportsTranscoding").isEqualTo(true).jsonPath("$.supportsMixing").isEqualTo(true)
                .jsonPath("$.supportedCodecs.length()").isEqualTo(4);
        await().atMost(VISIBLE_WITHIN).until(() -> !Sql.rows(db, "SELECT 1 FROM media_handlers WHERE handler_id = '" + id + "'").isEmpty());
        http.get().uri("/api/v1/media-handlers/{id}", id).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.supportedCodecs[0]").isEqualTo("VP9").jsonPath("$.supportedCodecs[3]").isEqualTo("Opus")
                .jsonPath("$.maxStreams").isEqualTo(5000).jsonPath("$.healthStatus").isEqualTo("healthy");
        http.get().uri("/api/v1/media-handlers?region=us-west-1").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.mediaHandlers[0].handlerId").isEqualTo(id);

        post("/api/v1/media-handlers/" + id + "/heartbeat", Map.of("current_streams", 120, "current_bitrate_mbps", 340))
                .expectStatus().isOk();
        assertThat(Sql.rows(db, "SELECT current_streams, current_bitrate_mbps, last_heartbeat_at > now() - interval '5 seconds' AS fresh "
                + "FROM media_handlers WHERE handler_id = '" + id + "'").get(0))
                .containsEntry("current_streams", 120).containsEntry("current_bitrate_mbps", 340).containsEntry("fresh", true);
        assertThat(events(NodeIds.mediaHandler(id).toString())).isEqualTo(1);

        http.delete().uri("/api/v1/media-handlers/{id}", id).exchange().expectStatus().isNoContent();
        await().atMost(VISIBLE_WITHIN).until(() -> Sql.rows(db, "SELECT 1 FROM media_handlers WHERE handler_id = '" + id + "'").isEmpty());
        post("/api/v1/media-handlers/" + id + "/heartbeat", Map.of("currentStreams", 1, "currentBitrateMbps", 1))
                .expectStatus().isNotFound();
    }

    @Test
    void malformedNodesAreRefusedNamingTheFieldAndWriteNothing() {
        put("/api/v1/controllers/mc:1", controllerBody("us-west-1", 10)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.fields.controllerId").exists();
        put("/api/v1/controllers/" + "m".repeat(256), controllerBody("us-west-1", 10)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.fields.controllerId").exists();
        put("/api/v1/controllers/mc-bad", controllerBody("us-west-1\u0007", 10)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.fields.region").exists();
        put("/api/v1/controllers/mc-bad", controllerBody("us-west-1", 0)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.fields.maxMeetings").exists();
        put("/api/v1/controllers/mc-bad", Map.of("region", "us-west-1", "endpoint", "https://mc", "maxMeetings", 1,
                "maxParticipants", 1, "metadata", Map.of("k", "v\u0000"))).expectStatus().isBadRequest();
        put("/api/v1/media-handlers/mh-bad", Map.of("region", "r", "endpoint", "mh.example.com", "maxStreams", 1,
                "maxBitrateMbps", 1)).expectStatus().isBadRequest().expectBody().jsonPath("$.fields.endpoint").exists();
        put("/api/v1/media-handlers/mh-bad", Map.of("region", "r", "endpoint", "https://mh", "maxStreams", 1,
                "maxBitrateMbps", 1, "supportedCodecs", List.of("VP9", "H.264 high"))).expectStatus().isBadRequest();
        assertThat(events(NodeIds.controller("mc-bad").toString())).isZero();
        assertThat(events(NodeIds.mediaHandler("mh-bad").toString())).isZero();

        put("/api/v1/controllers/mc-beats", controllerBody("ap-south-1", 10)).expectStatus().isOk();
        post("/api/v1/controllers/mc-beats/heartbeat", Map.of("currentMeetings", -1, "currentParticipants", 0))
                .expectStatus().isBadRequest();
        post("/api/v1/controllers/mc-beats/heartbeat", Map.of("currentParticipants", 0)).expectStatus().isBadRequest();
        post("/api/v1/controllers/mc-beats/heartbeat", Map.of("currentMeetings", 0, "currentParticipants", 0,
                "health", "sleepy")).expectStatus().isBadRequest();
        put("/api/v1/controllers/mc-beats/health", Map.of("health", "degraded", "reason", "x".repeat(256)))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.fields.reason").exists();
        http.get().uri("/api/v1/controllers?region=us west").exchange().expectStatus().isBadRequest();
    }
}
