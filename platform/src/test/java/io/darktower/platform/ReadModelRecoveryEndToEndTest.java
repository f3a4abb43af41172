package io.darktower.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darktower.devstack.Endpoints;
import io.darktower.devstack.Sql;
import io.darktower.events.Topics;
import io.darktower.projections.meeting.MeetingRedisProjector;
import io.darktower.projections.meeting.MeetingSqlProjector;
import io.darktower.projections.runtime.ProjectionStatus;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The read models recover from what used to stop them, on the running platform: a record no projection can read parks
 * only its meeting; a rebuild from the log reproduces each read model exactly; Redis flushed under load heals itself.
 */
class ReadModelRecoveryEndToEndTest {

    private static final Duration WITHIN = Duration.ofSeconds(60);

    private static RunningPlatform running;
    private static Endpoints db;
    private static Platform platform;
    private static WebTestClient http;
    private static WebTestClient management;
    private static RedisCommands<String, String> redis;

    @BeforeAll
    static void start() {
        running = RunningPlatform.start("platform_recovery");
        db = running.db;
        platform = running.platform;
        http = running.http;
        management = running.management;
        redis = running.redis;
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @Test
    void aRecordNoProjectionCanReadParksOnlyItsMeetingUntilAnOperatorSkipsIt() throws Exception {
        String poisoned = create("Poisoned");
        awaitMeetingRow(poisoned);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", db.kafkaBootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.MEETING_EVENTS, poisoned, "{\"not\":\"an envelope\"}"
                    .getBytes(StandardCharsets.UTF_8))).get();
        }
        join(poisoned, "Held back");
        List<String> others = List.of(create("Other 1"), create("Other 2"));
        others.forEach(m -> join(m, "Flowing"));

        await().atMost(WITHIN).until(() -> others.stream().allMatch(m -> "active".equals(status(m))
                && "active".equals(redis.hget("meeting:" + m, "status"))));
        assertThat(status(poisoned)).as("its join waits behind the poisoned record").isEqualTo("scheduled");
        management.get().uri("/actuator/health").exchange().expectBody()
                .jsonPath("$.components['projection-meeting-sql'].details.parked").isEqualTo(1)
                .jsonPath("$.components['projection-meeting-redis'].details.parked").isEqualTo(1);
        management.get().uri("/actuator/projections/" + MeetingSqlProjector.NAME).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.parked[0].aggregateId").isEqualTo(poisoned)
                .jsonPath("$.parked[0].waiting").isEqualTo(3); // the record, MeetingStarted, ParticipantJoined

        for (String projection : List.of(MeetingSqlProjector.NAME, MeetingRedisProjector.NAME)) {
            management.post().uri("/actuator/projections/" + projection + "/skip").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("aggregateId", poisoned)).exchange().expectStatus().isOk();
        }
        await().atMost(WITHIN).until(() -> "active".equals(status(poisoned))
                && "1".equals(redis.hget("meeting:" + poisoned, "participant_count")));
        management.get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.components['projection-meeting-sql'].details.parked").isEqualTo(0);
    }

    @Test
    void aRebuildFromTheLogReproducesEachReadModelExactly() throws Exception {
        for (int i = 0; i < 5; i++) {
            String meeting = create("Rebuilt " + i);
            String first = join(meeting, "A" + i);
            join(meeting, "B" + i);
            if (i % 2 == 0) {
                leave(meeting, first);
            }
            if (i == 4) {
                http.post().uri("/api/v1/meetings/{id}/end", meeting).exchange().expectStatus().isOk();
            }
        }
        awaitCaughtUp();
        Map<String, Object> sqlBefore = sqlState();
        Map<String, String> redisBefore = redisState();
        // damage both read models by hand: only a rebuild from the log brings them back
        String damaged = Sql.one(db, "SELECT meeting_id::text FROM meetings WHERE display_name = 'Rebuilt 1'");
        Sql.execute(db, "UPDATE meetings SET display_name = 'tampered', status = 'ended' WHERE meeting_id = '" + damaged + "'");
        Sql.execute(db, "DELETE FROM meeting_participants WHERE meeting_id = '" + damaged + "'");
        Sql.execute(db, "INSERT INTO meetings (meeting_id, display_name, meeting_code) VALUES (gen_random_uuid(), 'stray', 'stray-code')");
        redis.hset("meeting:" + damaged, "participant_count", "99");
        redis.del("meeting:" + damaged + ":participants");
        assertThat(differences(sqlBefore, sqlState())).isNotEmpty();
        assertThat(differences(redisBefore, redisState())).isNotEmpty();

        for (String projection : List.of(MeetingSqlProjector.NAME, MeetingRedisProjector.NAME)) {
            management.post().uri("/actuator/projections/" + projection + "/rebuild").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of()).exchange().expectStatus().isOk();
        }
        // the runners take the request at their next housekeeping tick; the read models come back when it is done
        await().atMost(WITHIN).untilAsserted(() -> {
            assertThat(differences(sqlBefore, sqlState())).isEmpty();
            assertThat(differences(redisBefore, redisState())).isEmpty();
        });
        await().atMost(WITHIN).until(() -> platform.projections().statuses().stream()
                .allMatch(s -> s.state() == ProjectionStatus.State.RUNNING) && Sql.one(db,
                "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'rebuild_%'").equals("0"));
    }

    @Test
    void redisFlushedWhileMeetingsAreJoinedAndLeftHealsFromTheLog() throws Exception {
        List<String> meetings = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            meetings.add(create("Flushed " + i));
            join(meetings.get(i), "Stays"); // the meeting stays open while others come and go
        }
        AtomicBoolean loading = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(2);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int worker = w;
            workers.add(load.submit(() -> {
                int n = 0;
                while (loading.get() && n < 40) {
                    String meeting = meetings.get((worker + 2 * n) % meetings.size());
                    String participant = join(meeting, "W" + worker + "-" + n);
                    if (n % 3 == 0) {
                        leave(meeting, participant);
                    }
                    n++;
                }
                return null;
            }));
        }
        Thread.sleep(1_500);
        redis.flushall();
        Thread.sleep(1_000);
        String createdAfter = create("After the flush");
        loading.set(false);
        for (Future<?> worker : workers) {
            worker.get();
        }
        load.shutdown();

        await().atMost(WITHIN).until(() -> redis.exists("meeting:" + createdAfter) == 1
                && meetings.stream().allMatch(m -> redis.exists("meeting:" + m) == 1));
        awaitCaughtUp();
        Map<String, String> healed = redisState();
        long rebuildsBefore = platform.projections().runner(MeetingRedisProjector.NAME).status().rebuilds();
        management.post().uri("/actuator/projections/" + MeetingRedisProjector.NAME + "/rebuild")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange().expectStatus().isOk();
        await().atMost(WITHIN).until(() -> platform.projections().runner(MeetingRedisProjector.NAME).status().rebuilds()
                > rebuildsBefore);
        assertThat(differences(healed, redisState())).as("what healing left equals a rebuild from the log").isEmpty();
        for (String meeting : meetings) {
            assertThat(redis.hget("meeting:" + meeting, "participant_count")).isEqualTo(Sql.one(db,
                    "SELECT count(*) FROM meeting_participants WHERE left_at IS NULL AND meeting_id = '" + meeting + "'"));
        }
    }

    /** Entries that differ, as key: before → after. */
    private static List<String> differences(Map<String, ?> before, Map<String, ?> after) {
        java.util.Set<String> keys = new java.util.TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        return keys.stream().filter(k -> !same(before.get(k), after.get(k)))
                .map(k -> k + ": " + before.get(k) + " -> " + after.get(k)).toList();
    }

    private static final String EXPIRES = " expires at ";

    /** Equal, but for Redis deadlines, which need only agree within a second. */
    private static boolean same(Object a, Object b) {
        if (a instanceof String x && b instanceof String y && x.contains(EXPIRES) && y.contains(EXPIRES)) {
            String[] xs = x.split(EXPIRES);
            String[] ys = y.split(EXPIRES);
            return xs[0].equals(ys[0]) && Math.abs(Long.parseLong(xs[1]) - Long.parseLong(ys[1])) <= 1_000;
        }
        return java.util.Objects.equals(a, b);
    }

    private static void awaitCaughtUp() {
        running.awaitCaughtUp(WITHIN);
    }

    /** Every row of the projection's tables, but for the surrogate id and the trigger-set updated_at. */
    private static Map<String, Object> sqlState() {
        Map<String, Object> state = new TreeMap<>();
        state.put("meetings", Sql.rows(db, "SELECT * FROM meetings ORDER BY meeting_id").stream()
                .map(r -> { r.remove("updated_at"); return r.toString(); }).toList());
        state.put("meeting_participants", Sql.rows(db, "SELECT * FROM meeting_participants ORDER BY participant_id").stream()
                .map(r -> { r.remove("id"); return r.toString(); }).toList());
        state.put("sequences", Sql.rows(db, "SELECT projection, aggregate_id, last_sequence FROM projection_sequences"
                + " ORDER BY projection, aggregate_id").toString());
        return state;
    }

    /**
     * Every seed key of this database's meetings and participants (other tests share the Redis server) with its value
     * and its TTL to within two seconds.
     */
    private static Map<String, String> redisState() {
        java.util.Set<String> ours = new java.util.HashSet<>(Sql.strings(db, "SELECT meeting_id::text FROM meetings"));
        ours.addAll(Sql.strings(db, "SELECT participant_id::text FROM meeting_participants"));
        Map<String, String> state = new TreeMap<>();
        ScanArgs all = ScanArgs.Builder.limit(1000);
        KeyScanCursor<String> cursor = redis.scan(all);
        while (true) {
            for (String key : cursor.getKeys()) {
                String[] parts = key.split(":");
                if ((key.startsWith("meeting:") || key.startsWith("participant:")) && ours.contains(parts[1])) {
                    String type = redis.type(key);
                    String value = switch (type) {
                        case "hash" -> new TreeMap<>(redis.hgetall(key)).toString();
                        case "set" -> new java.util.TreeSet<>(redis.smembers(key)).toString();
                        default -> redis.get(key);
                    };
                    long ttl = redis.pttl(key);
                    state.put(key, value + EXPIRES + (ttl < 0 ? ttl : System.currentTimeMillis() + ttl));
                }
            }
            if (cursor.isFinished()) {
                return state;
            }
            cursor = redis.scan(cursor, all);
        }
    }

    private static String status(String meeting) {
        return Sql.one(db, "SELECT status FROM meetings WHERE meeting_id = '" + meeting + "'");
    }

    private static void awaitMeetingRow(String meeting) {
        await().atMost(WITHIN).until(() -> status(meeting) != null);
    }

    private static String create(String name) {
        return running.createMeeting(name);
    }

    private static String join(String meeting, String name) {
        return running.join(meeting, name);
    }

    private static void leave(String meeting, String participant) {
        running.leave(meeting, participant);
    }
}
