package io.darktower.projections.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darktower.devstack.Databases;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.darktower.devstack.Sql;
import io.darktower.events.AggregateType;
import io.darktower.events.Aggregates;
import io.darktower.events.EventEnvelope;
import io.darktower.events.EventJson;
import io.darktower.events.EventMetadata;
import io.darktower.events.EventType;
import io.darktower.events.StoredEvent;
import io.darktower.events.audit.AuditRecords;
import io.darktower.events.audit.CommandRefused;
import io.darktower.events.meeting.ConnectionInfo;
import io.darktower.events.meeting.MeetingCreated;
import io.darktower.events.meeting.MeetingSettings;
import io.darktower.events.meeting.ParticipantJoined;
import io.darktower.projections.runtime.ProjectionService;
import io.darktower.projections.runtime.ProjectionSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Given events of several aggregate types and refusal records on the real Kafka topics, expect one {@code audit_logs}
 * row each, column for column, however often a record is delivered and whatever its date.
 */
class AuditProjectionTest {

    /** A second aggregate type, for this test only: the audit trail reads whatever types it is given. */
    sealed interface WidgetEvent permits WidgetRenamed, WidgetCheckFailed {
        UUID widgetId();
    }

    record WidgetRenamed(UUID widgetId, String name) implements WidgetEvent {
    }

    record WidgetCheckFailed(UUID widgetId, String reason) implements WidgetEvent {
    }

    static final AggregateType<WidgetEvent> WIDGET = new AggregateType<>("widget", WidgetEvent.class, WidgetEvent::widgetId);

    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
    private static final AtomicLong GLOBAL = new AtomicLong(1_000);

    private static Endpoints db;
    private static ProjectionService service;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void start() throws Exception {
        db = Databases.create(SharedTestStack.endpoints(), "audit_projection_test");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", db.kafkaBootstrapServers()))) {
            for (String topic : List.of(Aggregates.MEETING.topic(), WIDGET.topic(), AuditRecords.REFUSAL.topic())) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, db.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        service = ProjectionService.start(new ProjectionSettings(db.kafkaBootstrapServers(), db.jdbcUrl(),
                db.databaseUser(), db.databasePassword(), db.redisUri()),
                List.of(new AuditSqlProjector(List.of(Aggregates.MEETING, WIDGET))));
        assertThat(service.awaitAssignment(Duration.ofSeconds(60))).isTrue();
    }

    @AfterAll
    static void stop() {
        service.close();
        producer.close();
    }

    private static EventEnvelope envelope(AggregateType<?> type, Object event, String aggregateId, long sequence,
                                          Instant at, EventMetadata metadata) {
        EventType wire = type.eventType(event.getClass());
        return new EventEnvelope(UUID.randomUUID().toString(), wire.name(), wire.version(), type.name(), aggregateId,
                sequence, GLOBAL.incrementAndGet(), at, metadata, EventJson.mapper().valueToTree(event));
    }

    private static void send(EventEnvelope... envelopes) throws Exception {
        for (EventEnvelope envelope : envelopes) {
            String topic = AuditRecords.REFUSAL.name().equals(envelope.aggregateType()) ? AuditRecords.REFUSAL.topic()
                    : envelope.aggregateType().equals("widget") ? WIDGET.topic() : Aggregates.MEETING.topic();
            producer.send(new ProducerRecord<>(topic, envelope.aggregateId(), EventJson.write(envelope))).get();
        }
    }

    private static List<Map<String, Object>> rowsOf(String targetId) {
        return Sql.rows(db, "SELECT event_type, actor_user_id, actor_type, target_type, target_id, action, result,"
                + " error_message, host(ip_address) AS ip, user_agent, metadata::text AS metadata, created_at,"
                + " tableoid::regclass::text AS partition FROM audit_logs WHERE target_id = '" + targetId + "' ORDER BY id");
    }

    private static List<Map<String, Object>> awaitRows(String targetId, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> rowsOf(targetId).size() >= count);
        return rowsOf(targetId);
    }

    private static Map<String, Object> json(Object text) throws Exception {
        return EventJson.mapper().readValue(text.toString(), Map.class);
    }

    private static String timestamp(Instant instant) {
        return java.sql.Timestamp.from(instant).toString();
    }

    @Test
    void everyEventOfEveryAggregateTypeIsOneRowWithTheEnvelopesContext() throws Exception {
        UUID user = UUID.randomUUID();
        Sql.execute(db, "INSERT INTO users (user_id, email, display_name) VALUES ('" + user + "', 'a-" + user + "@example.com', 'A')");
        UUID meeting = UUID.randomUUID();
        UUID participant = UUID.randomUUID();
        EventMetadata byUser = new EventMetadata(user.toString(), EventMetadata.ACTOR_USER, "req-1", "cause-1",
                "203.0.113.9", "Firefox/140");
        EventEnvelope created = envelope(Aggregates.MEETING, new MeetingCreated(meeting, "abc-defg-hij", "Standup", 10,
                MeetingSettings.DEFAULTS, null, user, T0), meeting.toString(), 0, T0, byUser);
        EventEnvelope joined = envelope(Aggregates.MEETING, new ParticipantJoined(meeting, participant, user, "A",
                T0.plusSeconds(5), ConnectionInfo.UNKNOWN), meeting.toString(), 1, T0.plusSeconds(5), byUser);
        send(created, joined);

        List<Map<String, Object>> rows = awaitRows(meeting.toString(), 2);
        assertThat(rows).hasSize(2);
        Map<String, Object> first = rows.get(0);
        assertThat(first).containsEntry("event_type", "meeting_created")
                .containsEntry("actor_user_id", user)
                .containsEntry("actor_type", "user")
                .containsEntry("target_type", "meeting")
                .containsEntry("target_id", meeting.toString())
                .containsEntry("action", "meeting.created")
                .containsEntry("result", "success")
                .containsEntry("error_message", null)
                .containsEntry("ip", "203.0.113.9")
                .containsEntry("user_agent", "Firefox/140");
        assertThat(first.get("created_at").toString()).isEqualTo(timestamp(T0));
        Map<String, Object> metadata = json(first.get("metadata"));
        assertThat(metadata).containsEntry("eventId", created.eventId())
                .containsEntry("eventType", "MeetingCreated")
                .containsEntry("sequence", 0)
                .containsEntry("globalPosition", (int) created.globalPosition())
                .containsEntry("correlationId", "req-1")
                .containsEntry("causationId", "cause-1");
        assertThat((Map<String, Object>) metadata.get("payload")).containsEntry("displayName", "Standup")
                .containsEntry("meetingCode", "abc-defg-hij");
        assertThat(rows.get(1)).containsEntry("event_type", "participant_joined")
                .containsEntry("action", "meeting.participant_joined")
                .containsEntry("result", "success");

        UUID widget = UUID.randomUUID();
        EventMetadata bySystem = new EventMetadata(null, EventMetadata.ACTOR_SYSTEM, null, null, null, null);
        send(envelope(WIDGET, new WidgetRenamed(widget, "Sprocket"), widget.toString(), 0, T0, bySystem),
                envelope(WIDGET, new WidgetCheckFailed(widget, "bad gear"), widget.toString(), 1, T0.plusSeconds(1), bySystem));
        List<Map<String, Object>> widgetRows = awaitRows(widget.toString(), 2);
        assertThat(widgetRows.get(0)).containsEntry("event_type", "widget_renamed")
                .containsEntry("actor_user_id", null)
                .containsEntry("actor_type", "system")
                .containsEntry("target_type", "widget")
                .containsEntry("action", "widget.renamed")
                .containsEntry("result", "success")
                .containsEntry("ip", null)
                .containsEntry("user_agent", null);
        // an attempt that failed (as a failed login will be): a failure row saying why
        assertThat(widgetRows.get(1)).containsEntry("event_type", "widget_check_failed")
                .containsEntry("action", "widget.check_failed")
                .containsEntry("result", "failure")
                .containsEntry("error_message", "bad gear");
    }

    @Test
    void anEventDeliveredTwiceIsStillOneRow() throws Exception {
        UUID widget = UUID.randomUUID();
        EventMetadata bySystem = new EventMetadata(null, EventMetadata.ACTOR_SYSTEM, null, null, null, null);
        EventEnvelope renamed = envelope(WIDGET, new WidgetRenamed(widget, "Once"), widget.toString(), 0, T0, bySystem);
        send(renamed);
        awaitRows(widget.toString(), 1);
        send(renamed);
        // a later event of the same aggregate: once its row is there, the repeat before it was seen and skipped
        send(envelope(WIDGET, new WidgetRenamed(widget, "Twice"), widget.toString(), 1, T0.plusSeconds(1), bySystem));
        awaitRows(widget.toString(), 2);
        assertThat(Sql.one(db, "SELECT count(*) FROM audit_logs WHERE metadata->>'eventId' = '" + renamed.eventId() + "'"))
                .isEqualTo("1");
        assertThat(rowsOf(widget.toString())).hasSize(2);
    }

    @Test
    void anEventOfAnyDateGetsARowInItsMonthOrTheDefaultPartition() throws Exception {
        EventMetadata bySystem = new EventMetadata(null, EventMetadata.ACTOR_SYSTEM, null, null, null, null);
        UUID january2025 = UUID.randomUUID();
        UUID longAgo = UUID.randomUUID();
        Instant inJanuary = Instant.parse("2025-01-15T10:00:00Z");
        Instant in2019 = Instant.parse("2019-03-02T08:00:00Z");
        send(envelope(WIDGET, new WidgetRenamed(january2025, "Old"), january2025.toString(), 0, inJanuary, bySystem),
                envelope(WIDGET, new WidgetRenamed(longAgo, "Older"), longAgo.toString(), 0, in2019, bySystem));
        Map<String, Object> january = awaitRows(january2025.toString(), 1).get(0);
        assertThat(january.get("created_at").toString()).isEqualTo(timestamp(inJanuary));
        assertThat(january).containsEntry("partition", "audit_logs_y2025m01");
        Map<String, Object> old = awaitRows(longAgo.toString(), 1).get(0);
        assertThat(old.get("created_at").toString()).isEqualTo(timestamp(in2019));
        assertThat(old).containsEntry("partition", "audit_logs_default");
    }

    @Test
    void anEventTypeThisReaderDoesNotKnowIsAuditedUnderItsStoredName() throws Exception {
        UUID meeting = UUID.randomUUID();
        // as the relay publishes a stored type missing from its catalogue: the class name, schema version 0
        EventEnvelope unknown = new EventEnvelope(UUID.randomUUID().toString(),
                "io.darktower.events.meeting.MeetingRenamedLater", StoredEvent.UNKNOWN_SCHEMA_VERSION, "meeting",
                meeting.toString(), 0, GLOBAL.incrementAndGet(), T0,
                new EventMetadata(null, EventMetadata.ACTOR_API, "req-9", null, null, null),
                EventJson.mapper().readTree("{\"meetingId\":\"" + meeting + "\",\"displayName\":\"Renamed\"}"));
        send(unknown);
        Map<String, Object> row = awaitRows(meeting.toString(), 1).get(0);
        assertThat(row).containsEntry("event_type", "meeting_renamed_later")
                .containsEntry("action", "meeting.renamed_later")
                .containsEntry("actor_type", "api")
                .containsEntry("result", "success");
        assertThat((Map<String, Object>) json(row.get("metadata")).get("payload")).containsEntry("displayName", "Renamed");
        assertThat(json(row.get("metadata"))).containsEntry("schemaVersion", 0)
                .containsEntry("eventType", "io.darktower.events.meeting.MeetingRenamedLater");

        // a known type whose payload does not fit its class (a meeting projection parks it): audited as it came
        UUID broken = UUID.randomUUID();
        send(new EventEnvelope(UUID.randomUUID().toString(), "MeetingCreated", 1, "meeting", broken.toString(), 0,
                GLOBAL.incrementAndGet(), T0, new EventMetadata(null, null, null, null, null, null),
                EventJson.mapper().readTree("{\"displayName\":\"no id, no code\"}")));
        Map<String, Object> brokenRow = awaitRows(broken.toString(), 1).get(0);
        assertThat(brokenRow).containsEntry("event_type", "meeting_created").containsEntry("actor_type", "system")
                .containsEntry("result", "success");
        assertThat((Map<String, Object>) json(brokenRow.get("metadata")).get("payload"))
                .containsEntry("displayName", "no id, no code");
    }

    @Test
    void whatNoColumnCouldHoldStillMakesARow() throws Exception {
        UUID widget = UUID.randomUUID();
        // the write side refuses NUL and the gateway takes the address from the socket; the audit trail does not rely on it
        EventMetadata odd = new EventMetadata("not-a-uuid", "robot", null, null, "999.1.1.1", "agent\u0000x");
        send(envelope(WIDGET, new WidgetRenamed(widget, "nul\u0000name"), widget.toString(), 0, T0, odd));
        Map<String, Object> row = awaitRows(widget.toString(), 1).get(0);
        assertThat(row).containsEntry("actor_user_id", null)
                .containsEntry("actor_type", "system")
                .containsEntry("ip", null)
                .containsEntry("user_agent", "agent\uFFFDx");
        Map<String, Object> metadata = json(row.get("metadata"));
        assertThat(metadata).containsEntry("clientIp", "999.1.1.1").containsEntry("actorUserId", "not-a-uuid");
        assertThat((Map<String, Object>) metadata.get("payload")).containsEntry("name", "nul\uFFFDname");
    }

    @Test
    void aRefusalRecordIsAFailureRowOnceAndARebuildKeepsIt() throws Exception {
        UUID user = UUID.randomUUID();
        Sql.execute(db, "INSERT INTO users (user_id, email, display_name) VALUES ('" + user + "', 'r-" + user + "@example.com', 'R')");
        UUID meeting = UUID.randomUUID();
        CommandRefused refusal = new CommandRefused(UUID.randomUUID(), "EndMeeting", "meeting", meeting.toString(),
                "NOT_ALLOWED", "FORBIDDEN", "only the meeting's creator or an admin can end it", T0);
        EventEnvelope record = AuditRecords.envelope(refusal, new EventMetadata(user.toString(), EventMetadata.ACTOR_USER,
                "req-refused", null, "2001:db8::7", "curl/8"));
        send(record, record);
        Map<String, Object> row = awaitRows(meeting.toString(), 1).get(0);
        assertThat(row).containsEntry("event_type", "command_refused")
                .containsEntry("actor_user_id", user)
                .containsEntry("actor_type", "user")
                .containsEntry("target_type", "meeting")
                .containsEntry("target_id", meeting.toString())
                .containsEntry("action", "meeting.end")
                .containsEntry("result", "failure")
                .containsEntry("error_message", "NOT_ALLOWED: only the meeting's creator or an admin can end it")
                .containsEntry("ip", "2001:db8::7")
                .containsEntry("user_agent", "curl/8");
        assertThat(row.get("created_at").toString()).isEqualTo(timestamp(T0));
        assertThat((Map<String, Object>) json(row.get("metadata")).get("payload")).containsEntry("command", "EndMeeting")
                .containsEntry("code", "FORBIDDEN");
        // delivered twice: a second record of the refusal after a later one shows the first repeat was skipped
        UUID other = UUID.randomUUID();
        send(record, AuditRecords.envelope(new CommandRefused(UUID.randomUUID(), "KickParticipant", "meeting",
                other.toString(), "NOT_ALLOWED", "FORBIDDEN", "no", T0), record.metadata()));
        awaitRows(other.toString(), 1);
        assertThat(rowsOf(meeting.toString())).hasSize(1);

        // this database holds no event store: a rebuild finds no event, and must keep the rows the log cannot give back
        service.runner(AuditSqlProjector.NAME).requestRebuild();
        await().atMost(Duration.ofSeconds(30)).until(() -> service.runner(AuditSqlProjector.NAME).status().rebuilds() > 0);
        assertThat(rowsOf(meeting.toString())).hasSize(1);
        assertThat(Sql.one(db, "SELECT count(*) FROM audit_logs WHERE event_type <> 'command_refused'")).isEqualTo("0");
    }
}
