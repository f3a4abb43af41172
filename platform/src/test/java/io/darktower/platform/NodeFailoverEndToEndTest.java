package io.darktower.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darktower.devstack.Endpoints;
import io.darktower.devstack.Sql;
import io.darktower.gateway.node.NodeSweeper;
import io.darktower.readmodel.RedisKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Missed heartbeats on the running platform: a controller that stops beating is marked unhealthy (an event) and its
 * meetings move to a healthy controller with room, same region first; the sweep is idempotent and one at a time; and
 * a sweeper stopped and started again picks up from the read model. Heartbeat timeout 2 s, a sweep every 250 ms.
 */
class NodeFailoverEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration ACTED_ON_WITHIN = Duration.ofSeconds(30);

    private static RunningPlatform running;
    private static Endpoints db;
    private static WebTestClient http;
    private static final Set<String> beating = ConcurrentHashMap.newKeySet();
    private static ScheduledExecutorService heart;
    private static final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        System.setProperty("darktower.nodes.heartbeat-timeout", TIMEOUT.toMillis() + "ms");
        System.setProperty("darktower.nodes.sweep-interval", "250ms");
        try {
            // the controllers here are the test's, registered and beating over HTTP: the platform's media node stays out
            // of the registries (RunningPlatform.start's default; MediaNodeFailoverEndToEndTest fails real media nodes over)
            running = RunningPlatform.start("platform_failover");
        } finally {
            System.clearProperty("darktower.nodes.heartbeat-timeout");
            System.clearProperty("darktower.nodes.sweep-interval");
        }
        db = running.db;
        http = running.http;
        heart = Executors.newSingleThreadScheduledExecutor();
        heart.scheduleWithFixedDelay(NodeFailoverEndToEndTest::beat, 0, 300, TimeUnit.MILLISECONDS);
    }

    @AfterAll
    static void stop() {
        heart.shutdownNow();
        running.close();
    }

    /** Every beating node's heartbeat, as a node would send it. */
    private static void beat() {
        for (String node : beating) {
            String path = node.startsWith("mh-") ? "/api/v1/media-handlers/" + node + "/heartbeat"
                    : "/api/v1/controllers/" + node + "/heartbeat";
            String body = node.startsWith("mh-") ? "{\"currentStreams\": 1, \"currentBitrateMbps\": 1}"
                    : "{\"currentMeetings\": 0, \"currentParticipants\": 0, \"health\": \"healthy\"}";
            try {
                client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + running.platform.httpPort() + path))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + running.serviceToken)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(), HttpResponse.BodyHandlers.discarding());
            } catch (Exception e) {
                // the next beat tries again
            }
        }
    }

    private static void register(String id, String region, int maxMeetings) {
        http.put().uri("/api/v1/controllers/{id}", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("region", region, "endpoint", "https://" + id + ".example.com", "maxMeetings", maxMeetings,
                        "maxParticipants", 1000))
                .exchange().expectStatus().isOk();
    }

    private static UUID createMeeting(String name) {
        Map<?, ?> created = http.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", name)).exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        return UUID.fromString((String) created.get("meetingId"));
    }

    private static String controllerOf(UUID meeting) {
        return Sql.one(db, "SELECT assigned_controller_id FROM meetings WHERE meeting_id = '" + meeting + "'");
    }

    private static String healthOf(String controller) {
        return Sql.one(db, "SELECT health_status FROM meeting_controllers WHERE controller_id = '" + controller + "'");
    }

    private static long assignmentEvents() {
        return Long.parseLong(Sql.one(db, "SELECT count(*) FROM event_store.domain_event_entry "
                + "WHERE payload_type IN ('io.darktower.events.meeting.ControllerAssigned', 'io.darktower.events.meeting.MediaHandlerAssigned')"));
    }

    @Test
    void aSilentControllerBecomesUnhealthyAndItsMeetingsMoveEvenAcrossARestartOfTheSweeper() throws Exception {
        register("mc-a", "r1", 10);
        register("mc-b", "r1", 10);
        register("mc-c", "r2", 100);
        http.put().uri("/api/v1/media-handlers/mh-1").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("region", "r1", "endpoint", "https://mh-1.example.com", "maxStreams", 100,
                        "maxBitrateMbps", 1000)).exchange().expectStatus().isOk();
        await().atMost(ACTED_ON_WITHIN).until(() -> Sql.rows(db, "SELECT 1 FROM meeting_controllers").size() == 3
                && Sql.rows(db, "SELECT 1 FROM media_handlers").size() == 1);
        beating.addAll(List.of("mc-a", "mc-b", "mc-c", "mh-1"));

        // new meetings get a controller and a media handler: least loaded for its size, then by id
        UUID first = createMeeting("first");
        await().atMost(ACTED_ON_WITHIN).until(() -> "mc-a".equals(controllerOf(first)));
        UUID second = createMeeting("second");
        await().atMost(ACTED_ON_WITHIN).until(() -> "mc-b".equals(controllerOf(second)));
        UUID third = createMeeting("third");
        await().atMost(ACTED_ON_WITHIN).until(() -> "mc-c".equals(controllerOf(third)));
        await().atMost(ACTED_ON_WITHIN).until(() -> Sql.rows(db,
                "SELECT 1 FROM meetings WHERE metadata->>'media_handler_id' = 'mh-1'").size() == 3);
        assertThat(Sql.one(db, "SELECT assigned_region FROM meetings WHERE meeting_id = '" + first + "'")).isEqualTo("r1");

        // mc-a goes silent: unhealthy, and its meeting moves within its region (mc-b), not to the emptier mc-c
        long silentSince = System.nanoTime();
        beating.remove("mc-a");
        await().atMost(ACTED_ON_WITHIN).pollInterval(Duration.ofMillis(50)).until(() -> "unhealthy".equals(healthOf("mc-a")));
        long unhealthyAfter = System.nanoTime() - silentSince;
        await().atMost(ACTED_ON_WITHIN).pollInterval(Duration.ofMillis(50)).until(() -> "mc-b".equals(controllerOf(first)));
        long movedAfter = System.nanoTime() - silentSince;
        System.out.printf("failover: mc-a silent -> unhealthy in %d ms, its meeting on mc-b in %d ms (timeout %d ms)%n",
                unhealthyAfter / 1_000_000, movedAfter / 1_000_000, TIMEOUT.toMillis());
        assertThat(Duration.ofNanos(movedAfter)).as("not before the timeout (less the beat interval)").isGreaterThanOrEqualTo(TIMEOUT.minusMillis(700))
                .isLessThan(TIMEOUT.plusSeconds(10));
        assertThat(Sql.one(db, "SELECT payload FROM event_store.domain_event_entry WHERE payload_type = "
                + "'io.darktower.events.node.ControllerHealthChanged' ORDER BY global_index DESC LIMIT 1"))
                .contains("\"controllerId\":\"mc-a\"").contains("\"health\":\"unhealthy\"").contains("no heartbeat since");
        await().atMost(ACTED_ON_WITHIN).until(() -> "unhealthy".equals(running.redis.hget(RedisKeys.controllerCapacity("mc-a"), "health")));

        // idempotent: sweeping again (twice) commands nothing new; a sweep already running elsewhere means none here
        NodeSweeper sweeper = running.platform.gateway().getBean(NodeSweeper.class);
        long assignments = assignmentEvents();
        assertThat(sweeper.sweep().controllersAssigned()).isZero();
        assertThat(sweeper.sweep().controllersAssigned()).isZero();
        assertThat(assignmentEvents()).isEqualTo(assignments);
        try (Connection other = DriverManager.getConnection(db.jdbcUrl(), db.databaseUser(), db.databasePassword())) {
            other.createStatement().execute("SELECT pg_advisory_lock(" + NodeSweeper.LOCK + ")");
            assertThat(sweeper.sweep().ran()).as("another instance is sweeping").isFalse();
        }

        // an ended meeting stays where it was
        http.post().uri("/api/v1/meetings/{id}/end", second).exchange().expectStatus().isOk();
        await().atMost(ACTED_ON_WITHIN).until(() -> "ended".equals(
                Sql.one(db, "SELECT status FROM meetings WHERE meeting_id = '" + second + "'")));

        // the sweeper stops; mc-b goes silent meanwhile; nobody notices until the sweeper starts again
        sweeper.stop();
        beating.remove("mc-b");
        Thread.sleep(TIMEOUT.toMillis() * 2);
        assertThat(healthOf("mc-b")).isEqualTo("healthy");
        assertThat(controllerOf(first)).isEqualTo("mc-b");
        long restartedAt = System.nanoTime();
        sweeper.start();
        await().atMost(ACTED_ON_WITHIN).pollInterval(Duration.ofMillis(50)).until(() -> "unhealthy".equals(healthOf("mc-b"))
                && "mc-c".equals(controllerOf(first)));
        System.out.printf("failover after a restart of the sweeper: mc-b unhealthy and its meeting on mc-c %d ms after the start%n",
                (System.nanoTime() - restartedAt) / 1_000_000);
        assertThat(controllerOf(second)).as("ended: not reassigned").isEqualTo("mc-b");
        assertThat(controllerOf(third)).isEqualTo("mc-c");
        assertThat(healthOf("mc-c")).isEqualTo("healthy");
    }
}
