package io.darktower.projections.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darktower.devstack.ConsumerGroups;
import io.darktower.devstack.Databases;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.darktower.devstack.Sql;
import io.darktower.events.Aggregates;
import io.darktower.events.EventEnvelope;
import io.darktower.events.meeting.ConnectionInfo;
import io.darktower.events.meeting.ControllerAssigned;
import io.darktower.events.meeting.EndReason;
import io.darktower.events.meeting.LeaveReason;
import io.darktower.events.meeting.MediaHandlerAssigned;
import io.darktower.events.meeting.MeetingCreated;
import io.darktower.events.meeting.MeetingEnded;
import io.darktower.events.meeting.MeetingSettings;
import io.darktower.events.meeting.MeetingStarted;
import io.darktower.events.meeting.ParticipantAdmitted;
import io.darktower.events.meeting.ParticipantJoined;
import io.darktower.events.meeting.ParticipantLeft;
import io.darktower.events.meeting.ParticipantRejected;
import io.darktower.events.meeting.ParticipantWaiting;
import io.darktower.events.node.ControllerCapacityChanged;
import io.darktower.events.node.ControllerHealthChanged;
import io.darktower.events.node.ControllerRegistered;
import io.darktower.events.node.NodeHealth;
import io.darktower.events.recording.RecordingReady;
import io.darktower.events.recording.RecordingStarted;
import io.darktower.events.recording.RecordingStopped;
import io.darktower.projections.EventsOnTopics;
import io.darktower.projections.runtime.ProjectionService;
import io.darktower.projections.runtime.ProjectionSettings;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Given the events of a meeting's scenario on the real Kafka topics (meeting, recording, controller), expect the
 * analytics rows with the scenario's exact figures; delivering every event again changes nothing.
 *
 * <p>The scenario, seconds after {@code T0} (23:50 UTC, so the meeting runs over midnight, at {@code T0 + 600}):
 * created and assigned at 0; the host joins at 60 (the meeting starts); alice waits at 70 and is admitted at 100;
 * a guest joins at 130 (3 present: the peak); bob waits at 140 and is turned away at 150; alice leaves at 400 and
 * comes back at 500; the guest leaves at 550; the meeting ends at 660 (host and alice leave). A recording runs from
 * 120 to 420 and another from 450 to 660. A second meeting of the host runs from 720 to 780 and fails over to
 * another controller at 750.
 */
class AnalyticsProjectionTest {

    private static final Instant T0 = Instant.parse("2026-03-01T23:50:00Z");
    private static final LocalDate DAY1 = LocalDate.parse("2026-03-01");
    private static final LocalDate DAY2 = LocalDate.parse("2026-03-02");

    private static Endpoints db;
    private static ProjectionService service;
    private static EventsOnTopics topic;

    @BeforeAll
    static void start() throws Exception {
        db = Databases.create(SharedTestStack.endpoints(), "analytics_projection_test");
        topic = new EventsOnTopics(db.kafkaBootstrapServers());
        service = ProjectionService.start(new ProjectionSettings(db.kafkaBootstrapServers(), db.jdbcUrl(),
                db.databaseUser(), db.databasePassword(), db.redisUri()), List.of(new AnalyticsSqlProjector()));
        assertThat(service.awaitAssignment(Duration.ofSeconds(60))).isTrue();
    }

    @AfterAll
    static void stop() {
        service.close();
        topic.close();
        ConsumerGroups.skipToEnd(db.kafkaBootstrapServers(), List.of(AnalyticsSqlProjector.NAME),
                List.of(Aggregates.MEETING.topic(), Aggregates.RECORDING.topic(), Aggregates.MEETING_CONTROLLER.topic(),
                        Aggregates.MEDIA_HANDLER.topic()));
    }

    private static Instant t(int seconds) {
        return T0.plusSeconds(seconds);
    }

    /** The scenario's ids, fresh per test: the topics are shared with every other test. */
    private record Scenario(UUID meeting, UUID second, UUID host, UUID alice, UUID bob, String region,
                            String controller, String failover, String handler, UUID hostP, UUID aliceP,
                            UUID aliceAgainP, UUID guestP, UUID bobP, UUID hostInSecondP, UUID rec1, UUID rec2) {

        static Scenario fresh() {
            String tag = UUID.randomUUID().toString().substring(0, 8);
            return new Scenario(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                    UUID.randomUUID(), "test-" + tag, "mc-" + tag, "mc-b-" + tag, "mh-" + tag, UUID.randomUUID(),
                    UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                    UUID.randomUUID(), UUID.randomUUID());
        }

        List<EventEnvelope> events(EventsOnTopics topic) {
            ConnectionInfo c = ConnectionInfo.UNKNOWN;
            List<EventEnvelope> all = new ArrayList<>(topic.next(
                    new ControllerRegistered(controller, region, "https://" + controller, 100, 1000, "1.0", Map.of(), t(-60)),
                    new ControllerHealthChanged(controller, NodeHealth.DEGRADED, "slow", t(200)),
                    new ControllerCapacityChanged(controller, 50, 500, t(300)),
                    new MeetingCreated(meeting, meeting.toString().substring(0, 20), "Weekly", 10,
                            new MeetingSettings(true, false, true, true), null, host, t(0)),
                    new ControllerAssigned(meeting, controller, region, t(0)),
                    new MediaHandlerAssigned(meeting, handler, t(0)),
                    new MeetingStarted(meeting, t(60)),
                    new ParticipantJoined(meeting, hostP, host, "Host", t(60), c),
                    new ParticipantWaiting(meeting, aliceP, alice, "Alice", t(70), c),
                    new ParticipantAdmitted(meeting, aliceP, host, t(100)),
                    new ParticipantJoined(meeting, aliceP, alice, "Alice", t(100), c),
                    new RecordingStarted(rec1, meeting, host, "p/1", "b", t(120)),
                    new ParticipantJoined(meeting, guestP, null, "Guest", t(130), c),
                    new ParticipantWaiting(meeting, bobP, bob, "Bob", t(140), c),
                    new ParticipantRejected(meeting, bobP, host, t(150)),
                    new ParticipantLeft(meeting, aliceP, LeaveReason.VOLUNTARY, t(400)),
                    new RecordingStopped(rec1, t(420)),
                    new RecordingStarted(rec2, meeting, host, "p/2", "b", t(450)),
                    new ParticipantJoined(meeting, aliceAgainP, alice, "Alice", t(500), c),
                    new ParticipantLeft(meeting, guestP, LeaveReason.CONNECTION_LOST, t(550)),
                    new ParticipantLeft(meeting, hostP, LeaveReason.MEETING_ENDED, t(660)),
                    new ParticipantLeft(meeting, aliceAgainP, LeaveReason.MEETING_ENDED, t(660)),
                    new MeetingEnded(meeting, EndReason.ENDED_BY_HOST, t(660)),
                    new RecordingStopped(rec2, t(660)),
                    new RecordingReady(rec2, 10, 210, null, null, null, "p/2", "b", t(700)),
                    new MeetingCreated(second, second.toString().substring(0, 20), "Short", 10,
                            MeetingSettings.DEFAULTS, null, host, t(700)),
                    new ControllerAssigned(second, controller, region, t(700)),
                    new MeetingStarted(second, t(720)),
                    new ParticipantJoined(second, hostInSecondP, host, "Host", t(720), c),
                    new ControllerAssigned(second, failover, region, t(750)),
                    new ParticipantLeft(second, hostInSecondP, LeaveReason.VOLUNTARY, t(780)),
                    new MeetingEnded(second, EndReason.LAST_PARTICIPANT_LEFT, t(780))));
            return all;
        }
    }

    private static Map<String, Object> row(String sql) {
        List<Map<String, Object>> rows = Sql.rows(db, sql);
        return rows.isEmpty() ? Map.of() : rows.get(0);
    }

    private static Map<String, Object> expected(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            Object value = pairs[i + 1];
            map.put((String) pairs[i], value instanceof Instant instant ? Timestamp.from(instant)
                    : value instanceof LocalDate day ? Date.valueOf(day) : value);
        }
        return map;
    }

    /** Every analytics row of the scenario, as text: what a second delivery must leave as it is. */
    private static String snapshot(Scenario s) {
        String ids = "('" + s.meeting() + "', '" + s.second() + "')";
        return Sql.rows(db, "SELECT * FROM analytics_meetings WHERE meeting_id IN " + ids + " ORDER BY meeting_id")
                + "\n" + Sql.rows(db, "SELECT * FROM analytics_meeting_participants WHERE meeting_id IN " + ids
                + " ORDER BY meeting_id, participant_id")
                + "\n" + Sql.rows(db, "SELECT * FROM analytics_recordings WHERE meeting_id IN " + ids + " ORDER BY recording_id")
                + "\n" + Sql.rows(db, "SELECT * FROM analytics_usage_daily WHERE subject IN ('" + s.host() + "', '"
                + s.alice() + "', '" + s.region() + "') ORDER BY day, dimension, subject")
                + "\n" + Sql.rows(db, "SELECT * FROM analytics_node_load WHERE meeting_id IN " + ids
                + " ORDER BY node_type, node_id, event_id")
                + "\n" + Sql.rows(db, "SELECT * FROM analytics_node_status WHERE node_id = '" + s.controller()
                + "' ORDER BY event_id");
    }

    private static void awaitEnded(UUID meeting) {
        await().atMost(Duration.ofSeconds(30)).until(() ->
                !row("SELECT ended_at FROM analytics_meetings WHERE meeting_id = '" + meeting + "' AND ended_at IS NOT NULL").isEmpty());
    }

    @Test
    void anEndedMeetingHasTheExactFiguresOfItsScenario() throws Exception {
        Scenario s = Scenario.fresh();
        topic.send(s.events(topic));
        awaitEnded(s.meeting());
        awaitEnded(s.second());
        await().atMost(Duration.ofSeconds(30)).until(() -> !row("SELECT 1 FROM analytics_recordings WHERE recording_id = '"
                + s.rec2() + "' AND stopped_at IS NOT NULL").isEmpty());

        assertThat(row("SELECT * FROM analytics_meetings WHERE meeting_id = '" + s.meeting() + "'"))
                .containsExactlyInAnyOrderEntriesOf(expected("meeting_id", s.meeting(), "created_by_user_id", s.host(),
                        "created_at", t(0), "started_at", t(60), "ended_at", t(660), "end_reason", "ended_by_host",
                        "duration_seconds", 600, "region", s.region(), "controller_id", s.controller(),
                        "media_handler_id", s.handler(), "current_participants", 0, "peak_participants", 3,
                        "total_participants", 4, "participant_seconds", 1480L, "admitted_from_waiting_room", 1,
                        "rejected_from_waiting_room", 1, "last_load_at", t(660)));

        List<Map<String, Object>> participants = Sql.rows(db, "SELECT participant_id, user_id, wait_seconds, joined_at,"
                + " left_at, leave_reason, duration_seconds FROM analytics_meeting_participants WHERE meeting_id = '"
                + s.meeting() + "' ORDER BY COALESCE(joined_at, waiting_since), participant_id");
        assertThat(participants).containsExactly(
                expected("participant_id", s.hostP(), "user_id", s.host(), "wait_seconds", null, "joined_at", t(60),
                        "left_at", t(660), "leave_reason", "meeting_ended", "duration_seconds", 600),
                expected("participant_id", s.aliceP(), "user_id", s.alice(), "wait_seconds", 30, "joined_at", t(100),
                        "left_at", t(400), "leave_reason", "voluntary", "duration_seconds", 300),
                expected("participant_id", s.guestP(), "user_id", null, "wait_seconds", null, "joined_at", t(130),
                        "left_at", t(550), "leave_reason", "connection_lost", "duration_seconds", 420),
                expected("participant_id", s.bobP(), "user_id", s.bob(), "wait_seconds", 10, "joined_at", null,
                        "left_at", null, "leave_reason", null, "duration_seconds", null),
                expected("participant_id", s.aliceAgainP(), "user_id", s.alice(), "wait_seconds", null,
                        "joined_at", t(500), "left_at", t(660), "leave_reason", "meeting_ended", "duration_seconds", 160));

        assertThat(Sql.rows(db, "SELECT recording_id, started_at, stopped_at, recorded_seconds FROM analytics_recordings"
                + " WHERE meeting_id = '" + s.meeting() + "' ORDER BY started_at")).containsExactly(
                expected("recording_id", s.rec1(), "started_at", t(120), "stopped_at", t(420), "recorded_seconds", 300),
                expected("recording_id", s.rec2(), "started_at", t(450), "stopped_at", t(660), "recorded_seconds", 210));

        assertThat(row("SELECT * FROM analytics_meetings WHERE meeting_id = '" + s.second() + "'"))
                .containsEntry("duration_seconds", 60).containsEntry("peak_participants", 1)
                .containsEntry("controller_id", s.failover()).containsEntry("participant_seconds", 60L);
    }

    @Test
    void usageIsCountedPerUtcDayPerUserAndPerRegion() throws Exception {
        Scenario s = Scenario.fresh();
        topic.send(s.events(topic));
        awaitEnded(s.meeting());
        awaitEnded(s.second());

        assertThat(Sql.rows(db, "SELECT day, dimension, subject, meetings, sessions, participant_seconds"
                + " FROM analytics_usage_daily WHERE subject IN ('" + s.host() + "', '" + s.alice() + "', '"
                + s.bob() + "', '" + s.region() + "') ORDER BY day, dimension, subject = '" + s.host() + "' DESC"))
                .containsExactly(
                        expected("day", DAY1, "dimension", "region", "subject", s.region(), "meetings", 1,
                                "sessions", 4, "participant_seconds", 540L + 300 + 420 + 100),
                        expected("day", DAY1, "dimension", "user", "subject", s.host().toString(), "meetings", 1,
                                "sessions", 1, "participant_seconds", 540L),
                        expected("day", DAY1, "dimension", "user", "subject", s.alice().toString(), "meetings", 1,
                                "sessions", 2, "participant_seconds", 400L),
                        expected("day", DAY2, "dimension", "region", "subject", s.region(), "meetings", 2,
                                "sessions", 3, "participant_seconds", 60L + 60 + 60),
                        expected("day", DAY2, "dimension", "user", "subject", s.host().toString(), "meetings", 2,
                                "sessions", 2, "participant_seconds", 120L),
                        expected("day", DAY2, "dimension", "user", "subject", s.alice().toString(), "meetings", 1,
                                "sessions", 1, "participant_seconds", 60L));
    }

    @Test
    void nodeLoadIsTheRunningSumOfWhatMeetingsBroughtAndTookAway() throws Exception {
        Scenario s = Scenario.fresh();
        topic.send(s.events(topic));
        awaitEnded(s.second());

        String load = """
                SELECT at, SUM(SUM(meetings_delta)) OVER (ORDER BY at)::int AS meetings,
                       SUM(SUM(participants_delta)) OVER (ORDER BY at)::int AS participants
                FROM analytics_node_load WHERE node_type = 'controller' AND node_id = '%s' GROUP BY at ORDER BY at""";
        assertThat(Sql.rows(db, load.formatted(s.controller()))).containsExactly(
                expected("at", t(0), "meetings", 1, "participants", 0),
                expected("at", t(60), "meetings", 1, "participants", 1),
                expected("at", t(100), "meetings", 1, "participants", 2),
                expected("at", t(130), "meetings", 1, "participants", 3),
                expected("at", t(400), "meetings", 1, "participants", 2),
                expected("at", t(500), "meetings", 1, "participants", 3),
                expected("at", t(550), "meetings", 1, "participants", 2),
                expected("at", t(660), "meetings", 0, "participants", 0),
                expected("at", t(700), "meetings", 1, "participants", 0),
                expected("at", t(720), "meetings", 1, "participants", 1),
                expected("at", t(750), "meetings", 0, "participants", 0));
        assertThat(Sql.rows(db, load.formatted(s.failover()))).containsExactly(
                expected("at", t(750), "meetings", 1, "participants", 1),
                expected("at", t(780), "meetings", 0, "participants", 0));
        assertThat(Sql.rows(db, "SELECT change, at, region, health, max_meetings, max_participants FROM analytics_node_status"
                + " WHERE node_id = '" + s.controller() + "' ORDER BY at")).containsExactly(
                expected("change", "registered", "at", t(-60), "region", s.region(), "health", "healthy",
                        "max_meetings", 100, "max_participants", 1000),
                expected("change", "health", "at", t(200), "region", null, "health", "degraded",
                        "max_meetings", null, "max_participants", null),
                expected("change", "capacity", "at", t(300), "region", null, "health", null,
                        "max_meetings", 50, "max_participants", 500));
    }

    @Test
    void deliveringEveryEventAgainChangesNothing() throws Exception {
        Scenario s = Scenario.fresh();
        List<EventEnvelope> events = s.events(topic);
        topic.send(events);
        awaitEnded(s.meeting());
        awaitEnded(s.second());
        long applied = service.runner(AnalyticsSqlProjector.NAME).applied();
        String before = snapshot(s);

        topic.send(events); // e.g. the relay published everything again after a crash
        topic.send(events.subList(5, 20));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                service.runner(AnalyticsSqlProjector.NAME).applied() - applied >= events.size() + 15);

        assertThat(snapshot(s)).isEqualTo(before);
        assertThat(service.runner(AnalyticsSqlProjector.NAME).status().healthy()).isTrue();
    }
}
