package io.darktower.projections.node;

import io.darktower.projections.EventsOnTopics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darktower.devstack.Databases;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.darktower.devstack.Sql;
import io.darktower.events.Aggregates;
import io.darktower.events.EventEnvelope;
import io.darktower.events.node.ControllerCapacityChanged;
import io.darktower.events.node.ControllerDeregistered;
import io.darktower.events.node.ControllerHealthChanged;
import io.darktower.events.node.ControllerRegistered;
import io.darktower.events.node.MediaHandlerCapacityChanged;
import io.darktower.events.node.MediaHandlerDeregistered;
import io.darktower.events.node.MediaHandlerHealthChanged;
import io.darktower.events.node.MediaHandlerRegistered;
import io.darktower.events.node.NodeHealth;
import io.darktower.events.node.NodeIds;
import io.darktower.projections.runtime.ProjectionService;
import io.darktower.projections.runtime.ProjectionSettings;
import io.darktower.readmodel.RedisKeys;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Given node events on the real Kafka topics, expect the seed's node rows and the controller capacity hash. */
class NodeProjectionsTest {

    /** Recent: the capacity key's deadline derives from the events' times, as in a live run. */
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
    private static final Instant T1 = T0.plusSeconds(10);
    private static final Instant T2 = T0.plusSeconds(20);
    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(30);

    private static Endpoints db;
    private static ProjectionService service;
    private static EventsOnTopics topics;
    private static RedisClient redisClient;
    private static RedisCommands<String, String> redis;

    @BeforeAll
    static void start() throws Exception {
        db = Databases.create(SharedTestStack.endpoints(), "node_projections_test");
        topics = new EventsOnTopics(db.kafkaBootstrapServers());
        service = ProjectionService.start(new ProjectionSettings(db.kafkaBootstrapServers(), db.jdbcUrl(),
                db.databaseUser(), db.databasePassword(), db.redisUri()));
        assertThat(service.awaitAssignment(Duration.ofSeconds(60))).isTrue();
        redisClient = RedisClient.create(db.redisUri());
        redis = redisClient.connect().sync();
    }

    @AfterAll
    static void stop() {
        service.close();
        topics.close();
        redisClient.shutdown();
    }

    @Test
    void aControllersLifeBecomesItsRowAndItsCapacityHash() throws Exception {
        String id = "mc-us-west-1-" + System.nanoTime();
        String key = RedisKeys.controllerCapacity(id);
        topics.send(topics.next(new ControllerRegistered(id, "us-west-1", "https://mc.example.com:8443", 1000, 10000, "1.4.2",
                        Map.of("rack", "r12"), T0)));
        await().atMost(VISIBLE_WITHIN).until(() -> controller(id) != null && redis.exists(key) == 1);

        assertThat(controller(id)).containsEntry("region", "us-west-1").containsEntry("endpoint", "https://mc.example.com:8443")
                .containsEntry("max_meetings", 1000).containsEntry("current_meetings", 0)
                .containsEntry("max_participants", 10000).containsEntry("current_participants", 0)
                .containsEntry("health_status", "healthy").containsEntry("version", "1.4.2")
                .containsEntry("metadata", "{\"rack\": \"r12\"}")
                .containsEntry("heartbeat_at_registration", true).containsEntry("created_at_registration", true);
        assertThat(redis.hgetall(key)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "max_meetings", "1000", "current_meetings", "0", "max_participants", "10000",
                "current_participants", "0", "health", "healthy", "last_update", Long.toString(T0.getEpochSecond())));
        assertExpiresAt(key, T0.plus(RedisKeys.CONTROLLER_CAPACITY_TTL));

        // a heartbeat's counts (telemetry, written directly) survive the facts that follow
        redis.hset(key, Map.of("current_meetings", "7", "current_participants", "70"));
        topics.send(topics.next(new ControllerCapacityChanged(id, 500, 5000, T1),
                new ControllerHealthChanged(id, NodeHealth.DEGRADED, "cpu above 90 %", T2)));
        await().atMost(VISIBLE_WITHIN).until(() -> "degraded".equals(controller(id).get("health_status"))
                && "degraded".equals(redis.hget(key, "health")));
        assertThat(controller(id)).containsEntry("max_meetings", 500).containsEntry("max_participants", 5000);
        assertThat(redis.hgetall(key)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "max_meetings", "500", "current_meetings", "7", "max_participants", "5000",
                "current_participants", "70", "health", "degraded", "last_update", Long.toString(T2.getEpochSecond())));
        assertExpiresAt(key, T2.plus(RedisKeys.CONTROLLER_CAPACITY_TTL));

        topics.send(topics.next(new ControllerDeregistered(id, T2)));
        await().atMost(VISIBLE_WITHIN).until(() -> controller(id) == null && redis.exists(key) == 0);
    }

    @Test
    void aMediaHandlersLifeBecomesItsRow() throws Exception {
        String id = "mh-eu-central-1-" + System.nanoTime();
        topics.send(topics.next(new MediaHandlerRegistered(id, "eu-central-1", "https://mh.example.com:4433", 5000, 10000, true, false,
                        List.of("VP9", "AV1", "H264", "Opus"), null, Map.of(), T0)));
        await().atMost(VISIBLE_WITHIN).until(() -> handler(id) != null);
        assertThat(handler(id)).containsEntry("region", "eu-central-1").containsEntry("endpoint", "https://mh.example.com:4433")
                .containsEntry("max_streams", 5000).containsEntry("current_streams", 0)
                .containsEntry("max_bitrate_mbps", 10000).containsEntry("current_bitrate_mbps", 0)
                .containsEntry("health_status", "healthy").containsEntry("supports_transcoding", true)
                .containsEntry("supports_mixing", false).containsEntry("codecs", "{VP9,AV1,H264,Opus}")
                .containsEntry("metadata", "{}").containsEntry("heartbeat_at_registration", true);

        topics.send(topics.next(new MediaHandlerCapacityChanged(id, 4000, 8000, T1),
                new MediaHandlerHealthChanged(id, NodeHealth.UNHEALTHY, "no heartbeat for 30 s", T2)));
        await().atMost(VISIBLE_WITHIN).until(() -> "unhealthy".equals(handler(id).get("health_status")));
        assertThat(handler(id)).containsEntry("max_streams", 4000).containsEntry("max_bitrate_mbps", 8000);

        topics.send(topics.next(new MediaHandlerDeregistered(id, T2)));
        await().atMost(VISIBLE_WITHIN).until(() -> handler(id) == null);
    }

    @Test
    void applyingTheSameEventsTwiceChangesNothing() throws Exception {
        String mc = "mc-twice-" + System.nanoTime();
        String mh = "mh-twice-" + System.nanoTime();
        List<EventEnvelope> controllerEvents = topics.next(
                new ControllerRegistered(mc, "us-east-1", "https://mc.example.com", 10, 100, null, Map.of(), T0),
                new ControllerCapacityChanged(mc, 20, 200, T1),
                new ControllerHealthChanged(mc, NodeHealth.UNHEALTHY, null, T2));
        List<EventEnvelope> handlerEvents = topics.next(
                new MediaHandlerRegistered(mh, "us-east-1", "https://mh.example.com", 10, 100, true, true,
                        List.of("Opus"), "1", Map.of("k", "v"), T0),
                new MediaHandlerCapacityChanged(mh, 20, 200, T1));
        long before = nodeApplied();

        for (int i = 0; i < 2; i++) { // e.g. the relay published a batch again after a crash
            topics.send(controllerEvents);
            topics.send(handlerEvents);
        }
        // every record is consumed (the controller's 3 by two projections, the handler's 2 by one, each sent twice)
        await().atMost(VISIBLE_WITHIN).until(() -> nodeApplied() - before == 2 * (3 * 2 + 2));

        assertThat(controller(mc)).containsEntry("max_meetings", 20).containsEntry("health_status", "unhealthy");
        assertThat(redis.hgetall(RedisKeys.controllerCapacity(mc))).containsEntry("max_meetings", "20")
                .containsEntry("health", "unhealthy").containsEntry("current_meetings", "0");
        assertExpiresAt(RedisKeys.controllerCapacity(mc), T2.plus(RedisKeys.CONTROLLER_CAPACITY_TTL));
        assertThat(redis.get("projection:meeting-controller-redis:" + NodeIds.controller(mc) + ":seq")).isEqualTo("2");
        assertThat(handler(mh)).containsEntry("max_streams", 20).containsEntry("codecs", "{Opus}")
                .containsEntry("metadata", "{\"k\": \"v\"}");
        assertThat(Sql.one(db, "SELECT count(*) FROM media_handlers WHERE handler_id = '" + mh + "'")).isEqualTo("1");
    }

    /** Records consumed by the node projections (other projections, e.g. the audit trail, read these topics too). */
    private static long nodeApplied() {
        Set<String> node = Set.of(ControllerSqlProjector.NAME, ControllerRedisProjector.NAME, MediaHandlerSqlProjector.NAME);
        return service.runners().stream().filter(r -> node.contains(r.name())).mapToLong(r -> r.applied()).sum();
    }

    private static void assertExpiresAt(String key, Instant deadline) {
        long expected = deadline.toEpochMilli() - System.currentTimeMillis();
        assertThat(redis.pttl(key)).as("expires at " + deadline).isBetween(expected - 1_000, expected + 1_000);
    }

    private static Map<String, Object> controller(String id) {
        List<Map<String, Object>> rows = Sql.rows(db, """
                SELECT region, endpoint, max_meetings, current_meetings, max_participants, current_participants,
                    health_status, version, metadata::text AS metadata,
                    last_heartbeat_at = TIMESTAMPTZ '%s' AS heartbeat_at_registration,
                    created_at = TIMESTAMPTZ '%s' AS created_at_registration
                FROM meeting_controllers WHERE controller_id = '%s'""".formatted(T0, T0, id));
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static Map<String, Object> handler(String id) {
        List<Map<String, Object>> rows = Sql.rows(db, """
                SELECT region, endpoint, max_streams, current_streams, max_bitrate_mbps, current_bitrate_mbps,
                    health_status, supports_transcoding, supports_mixing, supported_codecs::text AS codecs,
                    metadata::text AS metadata, last_heartbeat_at = TIMESTAMPTZ '%s' AS heartbeat_at_registration
                FROM media_handlers WHERE handler_id = '%s'""".formatted(T0, id));
        return rows.isEmpty() ? null : rows.get(0);
    }
}
