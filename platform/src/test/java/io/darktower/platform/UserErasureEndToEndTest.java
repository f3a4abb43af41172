package io.darktower.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darktower.devstack.Endpoints;
import io.darktower.devstack.Sql;
import io.darktower.events.AggregateType;
import io.darktower.events.Aggregates;
import io.darktower.events.EventEnvelope;
import io.darktower.events.EventJson;
import io.darktower.events.Personal;
import io.darktower.events.StoredEvent;
import io.darktower.events.audit.AuditRecords;
import io.darktower.events.meeting.ConnectionInfo;
import io.darktower.events.meeting.ParticipantJoined;
import io.darktower.events.user.UserRegistered;
import io.darktower.gateway.ApiCallers;
import io.darktower.projections.runtime.ProjectionStatus;
import io.darktower.projections.user.UserSqlProjector;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Erasure with an immutable log, on the running platform: a user signs up, signs in, creates and joins meetings from a
 * browser; an administrator erases them. Their email, name and user agent are then in no read-model row, no Redis key,
 * no stored event, no Kafka record, nor in any read model rebuilt from the log, while the meetings they were part of
 * remain and their history still decodes, showing the person as erased. Their personal data was never stored in
 * clear in the first place.
 */
class UserErasureEndToEndTest {

    private static final Duration WITHIN = Duration.ofSeconds(90);

    private static RunningPlatform running;
    private static Endpoints db;
    private static WebTestClient anonymous;

    @BeforeAll
    static void start() {
        running = RunningPlatform.start("platform_erasure");
        db = running.db;
        anonymous = ApiCallers.client(running.platform.httpPort());
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @Test
    void anErasedUsersPersonalDataIsGoneEverywhereWhileTheirMeetingsRemain() throws Exception {
        String tag = UUID.randomUUID().toString();
        String name = "Erin " + tag;
        String joinName = "Erin in the meeting " + tag;
        String userAgent = "ErasureTest/" + tag;
        ApiCallers.TestUser erin = ApiCallers.signUp(anonymous, name);
        ApiCallers.TestUser admin = ApiCallers.admin(anonymous);
        WebTestClient asErin = ApiCallers.client(running.platform.httpPort(), erin.accessToken()).mutate()
                .defaultHeader("User-Agent", userAgent).build();
        List<String> secrets = List.of(erin.email(), name, joinName, userAgent);

        // Erin hosts a meeting and takes part in it, then joins another user's meeting (and leaves it)
        String own = create(asErin, "Erin's standup " + tag);
        String ownParticipant = join(asErin, own, joinName);
        String other = create(running.http, "Someone else's review " + tag);
        String otherParticipant = join(asErin, other, joinName);
        asErin.delete().uri("/api/v1/meetings/{id}/participants/{p}", other, otherParticipant)
                .exchange().expectStatus().isNoContent();
        asErin.delete().uri("/api/v1/meetings/{id}/participants/{p}", own, ownParticipant)
                .exchange().expectStatus().isNoContent();
        await().atMost(WITHIN).until(() -> "2".equals(Sql.one(db, "SELECT count(*) FROM meeting_participants WHERE user_id = '"
                + erin.userId() + "' AND left_at IS NOT NULL")));
        assertThat(Sql.one(db, "SELECT display_name FROM meeting_participants WHERE participant_id = '" + ownParticipant + "'"))
                .isEqualTo(joinName);
        assertThat(Sql.one(db, "SELECT user_agent FROM meeting_participants WHERE participant_id = '" + ownParticipant + "'"))
                .isEqualTo(userAgent);
        // sealed from the start: the stored events and the Kafka records never held them in clear
        assertThat(containing(storedEvents(), secrets)).as("stored events holding personal data in clear").isEmpty();
        assertThat(containing(kafkaRecords(), secrets)).as("Kafka records holding personal data in clear").isEmpty();
        assertThat(Sql.one(db, "SELECT count(*) FROM event_store.domain_event_entry WHERE meta_data LIKE '%"
                + erin.userId() + "%' AND meta_data LIKE '%127.0.0.1%'")).as("her address in clear").isEqualTo("0");

        // who may: not Erin herself, nor any other user; an administrator may
        asErin.post().uri("/api/v1/users/{id}/erase", erin.userId()).exchange().expectStatus().isForbidden();
        running.http.post().uri("/api/v1/users/{id}/erase", erin.userId()).exchange().expectStatus().isForbidden();
        WebTestClient asAdmin = ApiCallers.client(running.platform.httpPort(), admin.accessToken());
        asAdmin.post().uri("/api/v1/users/{id}/erase", erin.userId()).exchange().expectStatus().isNoContent();
        long eventsAfterErasure = userEvents(erin.userId());
        asAdmin.post().uri("/api/v1/users/{id}/erase", erin.userId()).exchange().expectStatus().isNoContent();
        assertThat(userEvents(erin.userId())).as("a second erasure appends nothing").isEqualTo(eventsAfterErasure);
        assertThat(Sql.one(db, "SELECT count(*) FROM event_store.subject_keys WHERE subject = '" + erin.userId()
                + "' AND subject_key IS NULL AND erased_at IS NOT NULL")).isEqualTo("1");

        await().atMost(WITHIN).untilAsserted(() -> {
            assertThat(Sql.one(db, "SELECT email FROM users WHERE user_id = '" + erin.userId() + "'"))
                    .isEqualTo("erased-" + erin.userId() + "@invalid");
            assertThat(Sql.one(db, "SELECT display_name FROM users WHERE user_id = '" + erin.userId() + "'"))
                    .isEqualTo(UserSqlProjector.ERASED_NAME);
            assertThat(Sql.one(db, "SELECT count(*) FROM audit_logs WHERE event_type = 'user_erased'")).isEqualTo("1");
        });
        assertErasedEverywhere(erin, secrets, List.of(own, other));

        // the account is gone for sign-ins and its email is free again
        anonymous.post().uri("/api/v1/auth/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("grant_type=password&username=" + erin.email() + "&password=" + ApiCallers.PASSWORD)
                .exchange().expectStatus().is4xxClientError();
        assertThat(Sql.one(db, "SELECT count(*) FROM gateway.refresh_families WHERE user_id = '" + erin.userId() + "'"))
                .isEqualTo("0");

        // a rebuild of every read model from the log after the erasure brings nothing back
        Sql.execute(db, "DELETE FROM meeting_participants WHERE user_id = '" + erin.userId() + "'");
        Map<String, Long> rebuildsBefore = new HashMap<>();
        running.platform.projections().statuses().forEach(s -> rebuildsBefore.put(s.name(), s.rebuilds()));
        for (ProjectionStatus status : running.platform.projections().statuses()) {
            running.management.post().uri("/actuator/projections/" + status.name() + "/rebuild")
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange().expectStatus().isOk();
        }
        await().atMost(WITHIN).pollDelay(Duration.ofSeconds(2)).until(() -> "2".equals(Sql.one(db,
                "SELECT count(*) FROM meeting_participants WHERE user_id = '" + erin.userId() + "'"))
                && running.platform.projections().statuses().stream().allMatch(s -> s.state() == ProjectionStatus.State.RUNNING
                        && s.rebuilds() > rebuildsBefore.get(s.name()))
                && "0".equals(Sql.one(db, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'rebuild_%'")));
        assertErasedEverywhere(erin, secrets, List.of(own, other));
        // and with the email released, someone else may register it
        anonymous.post().uri("/api/v1/users").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", erin.email(), "displayName", "Newcomer", "password", ApiCallers.PASSWORD))
                .exchange().expectStatus().isCreated();
    }

    private static void assertErasedEverywhere(ApiCallers.TestUser erin, List<String> secrets, List<String> meetings)
            throws Exception {
        assertThat(containing(readModelRows(), secrets)).as("read-model rows holding personal data").isEmpty();
        assertThat(containing(redisValues(), secrets)).as("Redis keys holding personal data").isEmpty();
        assertThat(containing(storedEvents(), secrets)).as("stored events holding personal data").isEmpty();
        assertThat(containing(kafkaRecords(), secrets)).as("Kafka records holding personal data").isEmpty();
        assertThat(Sql.one(db, "SELECT count(*) FROM audit_logs WHERE actor_user_id = '" + erin.userId()
                + "' AND (ip_address IS NOT NULL OR user_agent IS NOT NULL)")).isEqualTo("0");
        assertThat(Sql.strings(db, "SELECT DISTINCT display_name || '|' || coalesce(host(ip_address), '-') || '|' "
                + "|| coalesce(user_agent, '-') FROM meeting_participants WHERE user_id = '" + erin.userId() + "'"))
                .containsExactly(Personal.ERASED + "|-|-");
        // the meetings remain, and their history decodes with the person shown as erased
        for (String meeting : meetings) {
            assertThat(Sql.one(db, "SELECT count(*) FROM meetings WHERE meeting_id = '" + meeting + "'")).isEqualTo("1");
            List<ParticipantJoined> joins = history(meeting).stream().map(EventJson::payload)
                    .filter(ParticipantJoined.class::isInstance).map(ParticipantJoined.class::cast)
                    .filter(j -> erin.userId().equals(j.userId())).toList();
            assertThat(joins).hasSize(1).allSatisfy(j -> {
                assertThat(j.displayName()).isEqualTo(Personal.ERASED);
                assertThat(j.connection()).isEqualTo(ConnectionInfo.UNKNOWN);
            });
        }
        List<UserRegistered> registered = history(Aggregates.USER, erin.userId().toString()).stream().map(EventJson::payload)
                .filter(UserRegistered.class::isInstance).map(UserRegistered.class::cast).toList();
        assertThat(registered).singleElement().satisfies(r -> {
            assertThat(r.email()).isEqualTo("erased-" + erin.userId() + "@invalid");
            assertThat(r.displayName()).isEqualTo(Personal.ERASED);
        });
        // Kafka's copies decode the same way
        for (byte[] record : kafkaRecordBytes(Aggregates.USER.topic())) {
            EventEnvelope envelope = EventJson.read(record);
            if (envelope.aggregateId().equals(erin.userId().toString()) && EventJson.payload(envelope) instanceof UserRegistered r) {
                assertThat(r.displayName()).isEqualTo(Personal.ERASED);
                assertThat(envelope.metadata().userAgent()).isNull();
            }
        }
    }

    private static List<String> containing(List<String> texts, List<String> secrets) {
        return texts.stream().filter(text -> secrets.stream().anyMatch(text::contains)).toList();
    }

    /**
     * Every row of every table of the read model, the gateway and the write side (its unique claims above all; its
     * events are sealed), as text.
     */
    private static List<String> readModelRows() {
        List<String> rows = new ArrayList<>();
        for (String table : Sql.strings(db, "SELECT table_schema || '.' || table_name FROM information_schema.tables"
                + " WHERE table_schema IN ('public', 'gateway', 'event_store') AND table_type = 'BASE TABLE'")) {
            rows.addAll(Sql.strings(db, "SELECT t::text FROM " + table + " t"));
        }
        return rows;
    }

    /** Every value of every key of this platform's Redis database (keys, fields and values). */
    private static List<String> redisValues() {
        List<String> values = new ArrayList<>();
        ScanArgs all = ScanArgs.Builder.limit(1000);
        KeyScanCursor<String> cursor = running.redis.scan(all);
        while (true) {
            for (String key : cursor.getKeys()) {
                String value = switch (running.redis.type(key)) {
                    case "hash" -> running.redis.hgetall(key).toString();
                    case "set" -> running.redis.smembers(key).toString();
                    case "string" -> running.redis.get(key);
                    default -> "";
                };
                values.add(key + "=" + value);
            }
            if (cursor.isFinished()) {
                return values;
            }
            cursor = running.redis.scan(cursor, all);
        }
    }

    /** The raw rows of the event store (payload and metadata) and its snapshots. */
    private static List<String> storedEvents() {
        List<String> rows = new ArrayList<>(Sql.strings(db, "SELECT payload || meta_data FROM event_store.domain_event_entry"));
        rows.addAll(Sql.strings(db, "SELECT payload || coalesce(meta_data, '') FROM event_store.snapshot_event_entry"));
        return rows;
    }

    private static long userEvents(UUID userId) {
        return Long.parseLong(Sql.one(db, "SELECT count(*) FROM event_store.domain_event_entry WHERE aggregate_identifier = '"
                + userId + "'"));
    }

    private static List<EventEnvelope> history(String meetingId) throws Exception {
        return history(Aggregates.MEETING, meetingId);
    }

    /** An aggregate's events as the read side reads them back from the store. */
    private static List<EventEnvelope> history(AggregateType<?> type, String aggregateId) throws Exception {
        List<EventEnvelope> events = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.databaseUser(), db.databasePassword());
             PreparedStatement select = c.prepareStatement("SELECT " + StoredEvent.COLUMNS
                     + " FROM event_store.domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number")) {
            select.setString(1, aggregateId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    events.add(StoredEvent.read(rs).toEnvelope());
                }
            }
        }
        assertThat(events).isNotEmpty().allSatisfy(e -> assertThat(e.aggregateType()).isEqualTo(type.name()));
        return events;
    }

    private static List<String> kafkaRecords() {
        List<String> texts = new ArrayList<>();
        for (String topic : List.of(Aggregates.USER.topic(), Aggregates.MEETING.topic(), AuditRecords.REFUSAL.topic())) {
            kafkaRecordBytes(topic).forEach(bytes -> texts.add(new String(bytes, StandardCharsets.UTF_8)));
        }
        return texts;
    }

    /** Every record of a topic, from the beginning to its current end. */
    private static List<byte[]> kafkaRecordBytes(String topic) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", db.kafkaBootstrapServers());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos == null) {
                return List.of();
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<byte[]> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    records.add(record.value());
                }
            }
            return records;
        }
    }

    private static String create(WebTestClient http, String name) {
        Map<?, ?> created = http.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", name, "maxParticipants", 10))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        return (String) created.get("meetingId");
    }

    private static String join(WebTestClient http, String meeting, String name) {
        Map<?, ?> joined = http.post().uri("/api/v1/meetings/{id}/participants", meeting).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", name))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        return (String) joined.get("participantId");
    }
}
