package io.darktower.projections.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darktower.devstack.ConsumerGroups;
import io.darktower.devstack.Databases;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.darktower.devstack.Sql;
import io.darktower.events.Aggregates;
import io.darktower.events.EventEnvelope;
import io.darktower.events.meeting.MeetingCreated;
import io.darktower.events.meeting.MeetingEvent;
import io.darktower.events.meeting.MeetingSettings;
import io.darktower.events.recording.RecordingEvent;
import io.darktower.events.recording.RecordingFailed;
import io.darktower.events.recording.RecordingProcessingStarted;
import io.darktower.events.recording.RecordingReady;
import io.darktower.events.recording.RecordingShareRevoked;
import io.darktower.events.recording.RecordingShared;
import io.darktower.events.recording.RecordingStarted;
import io.darktower.events.recording.RecordingStopped;
import io.darktower.projections.EventsOnTopics;
import io.darktower.projections.runtime.ProjectionService;
import io.darktower.projections.runtime.Projections;
import io.darktower.projections.runtime.Projector;
import io.darktower.projections.runtime.ProjectionSettings;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Given recording events on the real Kafka topic, expect the seed's {@code recordings} row, column for column. */
class RecordingProjectionTest {

    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3_600);
    private static final Instant T1 = T0.plusSeconds(600);
    private static final Instant T2 = T0.plusSeconds(700);
    private static final Instant T3 = T0.plusSeconds(800);
    private static final String BUCKET = "darktower-recordings";
    private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private static Endpoints db;
    private static ProjectionService service;
    private static EventsOnTopics topic;

    @BeforeAll
    static void start() throws Exception {
        db = Databases.create(SharedTestStack.endpoints(), "recording_projection_test");
        topic = new EventsOnTopics(db.kafkaBootstrapServers());
        service = ProjectionService.start(new ProjectionSettings(db.kafkaBootstrapServers(), db.jdbcUrl(),
                db.databaseUser(), db.databasePassword(), db.redisUri()));
        assertThat(service.awaitAssignment(Duration.ofSeconds(60))).isTrue();
    }

    @AfterAll
    static void stop() {
        service.close();
        topic.close();
        // these recordings reference meetings only this database has: later tests' projections skip them
        ConsumerGroups.skipToEnd(db.kafkaBootstrapServers(), Projections.all().stream().map(Projector::name).toList(),
                List.of(Aggregates.RECORDING.topic(), Aggregates.MEETING.topic()));
    }

    /**
     * The rows recordings reference: the user as the users projection will write it, the meeting through its own
     * topic and projection (so the meeting topic has records too: each projection's lag counts its own topic only).
     */
    private static UUID meetingWithHost(UUID host) throws Exception {
        UUID meeting = UUID.randomUUID();
        Sql.execute(db, "INSERT INTO users (user_id, email, display_name) VALUES ('" + host + "', 'h-" + host
                + "@example.com', 'Host')");
        topic.send(new EventsOnTopics.History().add(new MeetingCreated(meeting, meeting.toString().substring(0, 20), "Recorded", 10,
                new MeetingSettings(true, false, true, false), null, host, T0)));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Sql.one(db, "SELECT count(*) FROM meetings WHERE meeting_id = '" + meeting + "'").equals("1"));
        return meeting;
    }

    private static Map<String, Object> row(UUID recording) {
        List<Map<String, Object>> rows = Sql.rows(db, "SELECT * FROM recordings WHERE recording_id = '" + recording + "'");
        return rows.isEmpty() ? Map.of() : rows.get(0);
    }

    private static Map<String, Object> awaitRow(UUID recording, Predicate<Map<String, Object>> until) {
        await().atMost(Duration.ofSeconds(30)).until(() -> until.test(row(recording)));
        return row(recording);
    }

    /** Every column but {@code updated_at}, which the seed's trigger sets to the time a change was applied. */
    private static Map<String, Object> columns(Map<String, Object> row) {
        assertThat(row).containsKey("updated_at");
        assertThat(((Timestamp) row.get("updated_at")).toInstant()).isAfterOrEqualTo(((Timestamp) row.get("created_at")).toInstant());
        Map<String, Object> columns = new LinkedHashMap<>(row);
        columns.remove("updated_at");
        return columns;
    }

    private static Map<String, Object> expected(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1] instanceof Instant instant ? Timestamp.from(instant) : pairs[i + 1]);
        }
        return map;
    }

    @Test
    void aRecordingsLifeIsItsRowColumnForColumn() throws Exception {
        UUID host = UUID.randomUUID();
        UUID meeting = meetingWithHost(host);
        UUID recording = UUID.randomUUID();
        String path = "meetings/" + meeting + "/recordings/" + recording;
        EventsOnTopics.History history = new EventsOnTopics.History();

        topic.send(history.add(new RecordingStarted(recording, meeting, host, path, BUCKET, T0)));
        Map<String, Object> started = expected("recording_id", recording, "meeting_id", meeting,
                "started_by_user_id", host, "started_at", T0, "ended_at", null, "duration_seconds", null,
                "file_size_bytes", null, "storage_path", path, "storage_bucket", BUCKET, "video_codec", null,
                "audio_codec", null, "resolution", null, "status", "recording", "error_message", null,
                "is_public", false, "access_token", null, "created_at", T0);
        assertThat(columns(awaitRow(recording, r -> !r.isEmpty()))).containsExactlyInAnyOrderEntriesOf(started);
        assertThat(row(recording).get("updated_at")).isEqualTo(Timestamp.from(T0));

        topic.send(history.add(new RecordingStopped(recording, T1)));
        Map<String, Object> stopped = new LinkedHashMap<>(started);
        stopped.put("ended_at", Timestamp.from(T1));
        assertThat(columns(awaitRow(recording, r -> r.get("ended_at") != null))).containsExactlyInAnyOrderEntriesOf(stopped);

        topic.send(history.add(new RecordingProcessingStarted(recording, T2)));
        Map<String, Object> processing = new LinkedHashMap<>(stopped);
        processing.put("status", "processing");
        assertThat(columns(awaitRow(recording, r -> "processing".equals(r.get("status")))))
                .containsExactlyInAnyOrderEntriesOf(processing);

        topic.send(history.add(new RecordingShared(recording, UUID.randomUUID(), true, HASH, T2)));
        Map<String, Object> shared = new LinkedHashMap<>(processing);
        shared.put("is_public", true);
        shared.put("access_token", HASH);
        assertThat(columns(awaitRow(recording, r -> HASH.equals(r.get("access_token"))))).containsExactlyInAnyOrderEntriesOf(shared);

        topic.send(history.add(new RecordingReady(recording, 5_368_709_120L, 598, "h264", "opus", "1920x1080",
                "final/" + recording + ".mp4", "archive", T3)));
        Map<String, Object> ready = new LinkedHashMap<>(shared);
        ready.putAll(expected("status", "ready", "file_size_bytes", 5_368_709_120L, "duration_seconds", 598,
                "video_codec", "h264", "audio_codec", "opus", "resolution", "1920x1080",
                "storage_path", "final/" + recording + ".mp4", "storage_bucket", "archive"));
        assertThat(columns(awaitRow(recording, r -> "ready".equals(r.get("status"))))).containsExactlyInAnyOrderEntriesOf(ready);

        topic.send(history.add(new RecordingShareRevoked(recording, T3)));
        Map<String, Object> revoked = new LinkedHashMap<>(ready);
        revoked.put("is_public", false);
        revoked.put("access_token", null);
        assertThat(columns(awaitRow(recording, r -> r.get("access_token") == null))).containsExactlyInAnyOrderEntriesOf(revoked);
    }

    @Test
    void aFailedRecordingKeepsItsErrorMessage() throws Exception {
        UUID host = UUID.randomUUID();
        UUID meeting = meetingWithHost(host);
        UUID recording = UUID.randomUUID();
        EventsOnTopics.History history = new EventsOnTopics.History();

        topic.send(history.add(new RecordingStarted(recording, meeting, null, "p/" + recording, BUCKET, T0),
                new RecordingStopped(recording, T1),
                new RecordingFailed(recording, "encoder crashed: out of disk \u00e9\u4e2d", T1)));
        Map<String, Object> failed = awaitRow(recording, r -> "failed".equals(r.get("status")));
        assertThat(columns(failed)).containsExactlyInAnyOrderEntriesOf(expected("recording_id", recording,
                "meeting_id", meeting, "started_by_user_id", null, "started_at", T0, "ended_at", T1,
                "duration_seconds", null, "file_size_bytes", null, "storage_path", "p/" + recording,
                "storage_bucket", BUCKET, "video_codec", null, "audio_codec", null, "resolution", null,
                "status", "failed", "error_message", "encoder crashed: out of disk \u00e9\u4e2d", "is_public", false,
                "access_token", null, "created_at", T0));
    }

    @Test
    void applyingTheSameEventsTwiceChangesNothing() throws Exception {
        UUID host = UUID.randomUUID();
        UUID meeting = meetingWithHost(host);
        UUID recording = UUID.randomUUID();
        List<EventEnvelope> events = new EventsOnTopics.History().add(
                new RecordingStarted(recording, meeting, host, "p/" + recording, BUCKET, T0),
                new RecordingShared(recording, UUID.randomUUID(), false, HASH, T1),
                new RecordingStopped(recording, T1),
                new RecordingShareRevoked(recording, T2),
                new RecordingReady(recording, 10L, 9, null, null, null, "p/" + recording, BUCKET, T2));
        long before = service.runner(RecordingSqlProjector.NAME).applied();

        topic.send(events);
        topic.send(events); // e.g. the relay published a batch again after a crash
        topic.send(events.subList(1, 3));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                service.runner(RecordingSqlProjector.NAME).applied() - before == 5 + 5 + 2);

        assertThat(Sql.rows(db, "SELECT count(*) AS n FROM recordings WHERE recording_id = '" + recording + "'").get(0))
                .containsEntry("n", 1L);
        assertThat(columns(row(recording))).containsExactlyInAnyOrderEntriesOf(expected("recording_id", recording,
                "meeting_id", meeting, "started_by_user_id", host, "started_at", T0, "ended_at", T1,
                "duration_seconds", 9, "file_size_bytes", 10L, "storage_path", "p/" + recording,
                "storage_bucket", BUCKET, "video_codec", null, "audio_codec", null, "resolution", null,
                "status", "ready", "error_message", null, "is_public", false, "access_token", null, "created_at", T0));
        assertThat(Sql.one(db, "SELECT last_sequence FROM projection_sequences WHERE projection = '"
                + RecordingSqlProjector.NAME + "' AND aggregate_id = '" + recording + "'")).isEqualTo("4");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(service.runner(RecordingSqlProjector.NAME).status().lagRecords()).as("caught up").isZero());
        assertThat(service.runner(RecordingSqlProjector.NAME).status().healthy()).isTrue();
    }
}
