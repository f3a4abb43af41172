package io.darktower.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darktower.commands.apikey.IssueApiKey;
import io.darktower.commands.apikey.RevokeApiKey;
import io.darktower.commands.meeting.CreateMeeting;
import io.darktower.commands.meeting.EndMeeting;
import io.darktower.commands.meeting.JoinMeeting;
import io.darktower.commands.node.RegisterController;
import io.darktower.commands.node.RegisterMediaHandler;
import io.darktower.commands.recording.StartRecording;
import io.darktower.commands.recording.StopRecording;
import io.darktower.devstack.ConsumerGroups;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.Sql;
import io.darktower.events.AggregateType;
import io.darktower.events.Aggregates;
import io.darktower.events.apikey.ApiKeyScope;
import io.darktower.events.meeting.MeetingSettings;
import io.darktower.gateway.retention.RetentionJob;
import io.darktower.gateway.retention.RetentionReport;
import io.darktower.projections.apikey.ApiKeySqlProjector;
import io.darktower.projections.meeting.MeetingSqlProjector;
import io.darktower.projections.node.ControllerSqlProjector;
import io.darktower.projections.node.MediaHandlerSqlProjector;
import io.darktower.projections.recording.RecordingSqlProjector;
import io.darktower.projections.runtime.Projections;
import io.darktower.projections.runtime.Projector;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.http.MediaType;

/**
 * The seed's retention table on the running platform. A scenario whose facts happened long ago (commands carrying
 * their times, as the aggregates take them): meetings ended 400, 91 and 89 days ago and one still going, recordings
 * past and within their policy, expired, revoked and valid API keys, stale and live nodes, audit months older and
 * younger than a year. A run removes exactly what the table says, each through an event, and nothing else; a second
 * run removes nothing; two concurrent runs remove each thing once; rebuilding the read models from the log does not
 * bring purged rows back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetentionEndToEndTest {

    private static final Duration WITHIN = Duration.ofSeconds(60);

    private static RunningPlatform running;
    private static Endpoints db;
    private static CommandGateway commands;
    private static Instant now;
    private static UUID host;

    private static UUID endedLongAgo;      // 400 days, with a recording stopped 400 days ago: both go
    private static UUID recordingLongAgo;
    private static UUID ended91;           // goes, with its participant
    private static UUID ended89;           // stays
    private static UUID endedWithRecording; // 91 days, its recording (91 days) within policy: both stay
    private static UUID recordingWithinPolicy;
    private static UUID going;             // created 200 days ago, never ended: stays
    private static UUID expiredKey;
    private static UUID revokedKey;
    private static UUID validKey;
    private static UUID keyWithoutExpiry;

    @BeforeAll
    static void start() {
        running = RunningPlatform.start("retention_e2e");
        db = running.db;
        commands = running.platform.gateway().getBean(CommandGateway.class);
        host = running.user.userId();
        now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        endedLongAgo = UUID.randomUUID();
        recordingLongAgo = UUID.randomUUID();
        meeting(endedLongAgo, 400, recordingLongAgo, true);
        ended91 = UUID.randomUUID();
        meeting(ended91, 91, null, true);
        ended89 = UUID.randomUUID();
        meeting(ended89, 89, null, true);
        endedWithRecording = UUID.randomUUID();
        recordingWithinPolicy = UUID.randomUUID();
        meeting(endedWithRecording, 91, recordingWithinPolicy, true);
        going = UUID.randomUUID();
        meeting(going, 200, null, false);

        expiredKey = key(now.minus(Duration.ofDays(1)));
        revokedKey = key(null);
        commands.sendAndWait(new RevokeApiKey(revokedKey, host, now.minus(Duration.ofHours(1))));
        validKey = key(now.plus(Duration.ofDays(30)));
        keyWithoutExpiry = key(null);

        node("ctl-stale", now.minus(Duration.ofDays(30)));
        node("ctl-live", now);

        // audit months: 2025-01 (V1) and 2025-10 are more than a year old, 2025-12 is not; an old row without a month
        // of its own lies in the default partition
        Sql.execute(db, "CREATE TABLE audit_logs_y2025m10 PARTITION OF audit_logs FOR VALUES FROM ('2025-10-01 00:00:00+00') TO ('2025-11-01 00:00:00+00')");
        Sql.execute(db, "CREATE TABLE audit_logs_y2025m12 PARTITION OF audit_logs FOR VALUES FROM ('2025-12-01 00:00:00+00') TO ('2026-01-01 00:00:00+00')");
        Sql.execute(db, "INSERT INTO audit_logs (event_type, actor_type, action, result, created_at) VALUES "
                + "('old', 'system', 'old', 'success', '2024-06-01 00:00:00+00'), "
                + "('old', 'system', 'old', 'success', '2025-10-15 00:00:00+00'), "
                + "('younger', 'system', 'younger', 'success', '2025-12-15 00:00:00+00')");

        await().atMost(WITHIN).until(() -> count("meetings WHERE meeting_id IN " + in(endedLongAgo, ended91, ended89,
                endedWithRecording, going) + " AND (status = 'ended' OR meeting_id = '" + going + "')") == 5
                && count("meeting_participants WHERE meeting_id IN " + in(endedLongAgo, ended91, ended89, endedWithRecording, going)) == 5
                && count("recordings WHERE ended_at IS NOT NULL AND recording_id IN " + in(recordingLongAgo, recordingWithinPolicy)) == 2
                && count("api_keys WHERE key_id IN " + in(expiredKey, revokedKey, validKey, keyWithoutExpiry)) == 4
                && count("api_keys WHERE NOT is_active") == 1
                && count("meeting_controllers WHERE controller_id IN ('ctl-stale', 'ctl-live')") == 2
                && count("media_handlers WHERE handler_id IN ('ctl-stale', 'ctl-live')") == 2);
    }

    @AfterAll
    static void stop() {
        running.close();
        ConsumerGroups.skipToEnd(db.kafkaBootstrapServers(),
                Projections.all().stream().map(Projector::name).toList(),
                Aggregates.ALL.stream().map(AggregateType::topic).toList());
    }

    /** A meeting created, joined (and recorded), ended {@code daysAgo} days ago, as the commands said then. */
    private static void meeting(UUID id, int daysAgo, UUID recording, boolean end) {
        Instant at = now.minus(Duration.ofDays(daysAgo)).minus(Duration.ofHours(1));
        String code = "ret-" + HexFormat.of().formatHex(randomBytes(6));
        commands.sendAndWait(new CreateMeeting(id, code, "Retention " + daysAgo, 10,
                new MeetingSettings(true, false, true, false), null, host, at));
        commands.sendAndWait(new JoinMeeting(id, UUID.randomUUID(), host, "Host", null, null, null, at.plusSeconds(60)));
        if (recording != null) {
            commands.sendAndWait(new StartRecording(recording, id, host, false, "meetings/" + id + "/recordings/" + recording,
                    "darktower-recordings", at.plusSeconds(120)));
            commands.sendAndWait(new StopRecording(recording, null, at.plusSeconds(180)));
        }
        if (end) {
            commands.sendAndWait(new EndMeeting(id, host, false, at.plus(Duration.ofHours(1))));
        }
    }

    private static UUID key(Instant expiresAt) {
        UUID id = UUID.randomUUID();
        commands.sendAndWait(new IssueApiKey(id, host, "retention", List.of(ApiKeyScope.MEETINGS_READ),
                HexFormat.of().formatHex(randomBytes(32)), "dtk_" + id.toString().substring(0, 8), expiresAt,
                now.minus(Duration.ofDays(10))));
        return id;
    }

    private static void node(String id, Instant registeredAt) {
        commands.sendAndWait(new RegisterController(id, "eu-west", "https://" + id + ".example", 10, 100, "1", Map.of(), registeredAt));
        commands.sendAndWait(new RegisterMediaHandler(id, "eu-west", "https://" + id + ".example", 10, 100, false, false,
                RegisterMediaHandler.DEFAULT_CODECS, "1", Map.of(), registeredAt));
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    private static long count(String fromWhere) {
        return Long.parseLong(Sql.one(db, "SELECT count(*) FROM " + fromWhere));
    }

    private static String in(UUID... ids) {
        StringBuilder out = new StringBuilder("(");
        for (UUID id : ids) {
            out.append(out.length() > 1 ? ", " : "").append('\'').append(id).append('\'');
        }
        return out.append(')').toString();
    }

    private static Set<String> ids(String sql) {
        return new HashSet<>(Sql.strings(db, sql));
    }

    private static Map<String, Set<String>> readModels() {
        return Map.of(
                "meetings", ids("SELECT meeting_id::text FROM meetings"),
                "meeting_participants", ids("SELECT meeting_id::text || '/' || participant_id::text FROM meeting_participants"),
                "recordings", ids("SELECT recording_id::text FROM recordings"),
                "api_keys", ids("SELECT key_id::text FROM api_keys"),
                "meeting_controllers", ids("SELECT controller_id FROM meeting_controllers"),
                "media_handlers", ids("SELECT handler_id FROM media_handlers"),
                "audit_partitions", ids("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                        + "WHERE i.inhparent = 'audit_logs'::regclass"),
                "users", ids("SELECT user_id::text FROM users"));
    }

    private static long events(String type, UUID aggregate) {
        return count("event_store.domain_event_entry WHERE payload_type LIKE '%." + type + "' AND aggregate_identifier = '"
                + aggregate + "'");
    }

    @Test
    @Order(1)
    void aRunRemovesExactlyWhatTheSeedsTableSaysAndNothingElse() {
        Map<String, Set<String>> before = readModels();
        String participantOf91 = Sql.one(db, "SELECT meeting_id::text || '/' || participant_id::text FROM meeting_participants WHERE meeting_id = '" + ended91 + "'");
        String participantOfLongAgo = Sql.one(db, "SELECT meeting_id::text || '/' || participant_id::text FROM meeting_participants WHERE meeting_id = '" + endedLongAgo + "'");

        @SuppressWarnings("unchecked")
        Map<String, Object> report = running.management.post().uri("/actuator/retention")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of())
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(report).containsEntry("ran", true);
        assertThat((Map<String, Object>) report.get("deleted")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "recordings", 1, "meetings", 2, "meeting_participants", 2, "api_keys", 2,
                "meeting_controllers", 1, "media_handlers", 1, "audit_partitions", 2, "audit_rows", 1));

        Map<String, Set<String>> expectedGone = Map.of(
                "meetings", Set.of(endedLongAgo.toString(), ended91.toString()),
                "meeting_participants", Set.of(participantOf91, participantOfLongAgo),
                "recordings", Set.of(recordingLongAgo.toString()),
                "api_keys", Set.of(expiredKey.toString(), revokedKey.toString()),
                "meeting_controllers", Set.of("ctl-stale"),
                "media_handlers", Set.of("ctl-stale"),
                "audit_partitions", Set.of("audit_logs_y2025m01", "audit_logs_y2025m10"),
                "users", Set.of());
        // the run waits for the read models to show its purges
        Map<String, Set<String>> after = readModels();
        for (var table : before.entrySet()) {
            Set<String> expected = new HashSet<>(table.getValue());
            expected.removeAll(expectedGone.get(table.getKey()));
            assertThat(after.get(table.getKey())).as(table.getKey()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(table.getValue()).as(table.getKey() + " before").containsAll(expectedGone.get(table.getKey()));
        }
        assertThat(after.get("meetings")).contains(ended89.toString(), endedWithRecording.toString(), going.toString());
        assertThat(after.get("recordings")).contains(recordingWithinPolicy.toString());
        assertThat(after.get("api_keys")).contains(validKey.toString(), keyWithoutExpiry.toString());
        assertThat(Sql.strings(db, "SELECT event_type FROM audit_logs WHERE created_at < '2026-01-01'"))
                .containsExactly("younger");
        assertThat(count("audit_log_horizon WHERE horizon = date_trunc('month', (now() AT TIME ZONE 'UTC') - interval '1 year') AT TIME ZONE 'UTC'"))
                .isEqualTo(1);

        // each removal is an event on its aggregate, kept in the log and in the audit trail
        assertThat(events("MeetingPurged", ended91)).isEqualTo(1);
        assertThat(events("MeetingPurged", endedLongAgo)).isEqualTo(1);
        assertThat(events("MeetingPurged", ended89)).isZero();
        assertThat(events("RecordingPurged", recordingLongAgo)).isEqualTo(1);
        assertThat(events("ApiKeyPurged", expiredKey)).isEqualTo(1);
        assertThat(events("ApiKeyPurged", revokedKey)).isEqualTo(1);
        assertThat(events("MeetingCreated", ended91)).as("the meeting's history stays in the log").isEqualTo(1);
        await().atMost(WITHIN).untilAsserted(() -> assertThat(count("audit_logs WHERE event_type IN "
                + "('meeting_purged', 'recording_purged', 'api_key_purged') AND actor_type = 'system'")).isEqualTo(5));
        assertThat(running.platform.gateway().getBean(io.micrometer.core.instrument.MeterRegistry.class)
                .get("darktower.retention.deleted").tag("kind", "meetings").counter().count()).isGreaterThanOrEqualTo(2);
    }

    @Test
    @Order(2)
    void aSecondRunRemovesNothing() throws Exception {
        Map<String, Set<String>> before = readModels();
        RetentionReport report = running.platform.gateway().getBean(RetentionJob.class).run();
        assertThat(report.ran()).isTrue();
        assertThat(report.total()).isZero();
        assertThat(readModels()).isEqualTo(before);
    }

    @Test
    @Order(3)
    void aRebuildFromTheLogDoesNotBringPurgedRowsBack() {
        Map<String, Set<String>> before = readModels();
        List<String> projections = List.of(MeetingSqlProjector.NAME, RecordingSqlProjector.NAME, ApiKeySqlProjector.NAME,
                ControllerSqlProjector.NAME, MediaHandlerSqlProjector.NAME);
        Map<String, Long> rebuilds = new java.util.HashMap<>();
        for (String projection : projections) {
            rebuilds.put(projection, running.platform.projections().runner(projection).status().rebuilds());
            running.management.post().uri("/actuator/projections/" + projection + "/rebuild")
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange().expectStatus().isOk();
        }
        await().atMost(WITHIN).until(() -> projections.stream().allMatch(p ->
                running.platform.projections().runner(p).status().rebuilds() > rebuilds.get(p)));
        assertThat(readModels()).isEqualTo(before);
        assertThat(before.get("meetings")).doesNotContain(ended91.toString(), endedLongAgo.toString());
    }

    @Test
    @Order(4)
    void twoConcurrentRunsRemoveEachThingOnce() throws Exception {
        UUID ended95 = UUID.randomUUID();
        meeting(ended95, 95, null, true);
        UUID expired = key(now.minus(Duration.ofHours(1)));
        await().atMost(WITHIN).until(() -> count("meetings WHERE status = 'ended' AND meeting_id = '" + ended95 + "'") == 1
                && count("api_keys WHERE key_id = '" + expired + "'") == 1);

        RetentionJob job = running.platform.gateway().getBean(RetentionJob.class);
        CompletableFuture<RetentionReport> first = CompletableFuture.supplyAsync(() -> runQuietly(job));
        CompletableFuture<RetentionReport> second = CompletableFuture.supplyAsync(() -> runQuietly(job));
        List<RetentionReport> reports = List.of(first.get(), second.get());

        assertThat(reports.stream().mapToLong(r -> r.deleted().getOrDefault("meetings", 0L)).sum()).isEqualTo(1);
        assertThat(reports.stream().mapToLong(r -> r.deleted().getOrDefault("api_keys", 0L)).sum()).isEqualTo(1);
        assertThat(reports.stream().mapToLong(RetentionReport::total).sum()).isEqualTo(3); // and its participant
        assertThat(events("MeetingPurged", ended95)).isEqualTo(1);
        assertThat(events("ApiKeyPurged", expired)).isEqualTo(1);
        assertThat(count("meetings WHERE meeting_id = '" + ended95 + "'")).isZero();
    }

    private static RetentionReport runQuietly(RetentionJob job) {
        try {
            return job.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
