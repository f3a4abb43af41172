package io.darktower.projections.meeting;

import io.darktower.events.Topics;
import io.darktower.projections.EventsOnTopics;
import io.darktower.projections.EventsOnTopics.History;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darktower.devstack.Databases;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.darktower.devstack.Sql;
import io.darktower.events.EventEnvelope;
import io.darktower.events.meeting.ConnectionInfo;
import io.darktower.events.meeting.StreamUnsubscribed;
import io.darktower.events.meeting.StreamUnpublished;
import io.darktower.events.meeting.StreamType;
import io.darktower.events.meeting.StreamSubscribed;
import io.darktower.events.meeting.StreamPublished;
import io.darktower.events.meeting.ParticipantWaiting;
import io.darktower.events.meeting.ParticipantRejected;
import io.darktower.events.meeting.ParticipantAdmitted;
import io.darktower.events.meeting.MeetingSettingsChanged;
import io.darktower.events.meeting.MediaHandlerAssigned;
import io.darktower.events.meeting.ControllerAssigned;
import io.darktower.events.meeting.Codec;
import io.darktower.events.meeting.EndReason;
import io.darktower.events.meeting.LeaveReason;
import io.darktower.events.meeting.MeetingCreated;
import io.darktower.events.meeting.MeetingEnded;
import io.darktower.events.meeting.MeetingEvent;
import io.darktower.events.meeting.MeetingSettings;
import io.darktower.events.meeting.MeetingStarted;
import io.darktower.events.meeting.ParticipantJoined;
import io.darktower.events.meeting.ParticipantLeft;
import io.darktower.projections.runtime.DeadLetters;
import io.darktower.projections.runtime.ProjectionService;
import io.darktower.projections.runtime.ProjectionSettings;
import io.darktower.readmodel.RedisKeys;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Given meeting events on the real Kafka topic, expect the seed's rows in PostgreSQL and keys in Redis. */
class MeetingProjectionsTest {

    /** Recent: Redis deadlines derive from event times (a session 5 minutes after its join), as in a live run. */
    private static final Instant T0 = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minusSeconds(60);
    private static final Instant T1 = T0.plusSeconds(6);
    private static final Instant T2 = T0.plusSeconds(15);
    private static final Instant T3 = T0.plusSeconds(35);

    private static Endpoints db;
    private static ProjectionService service;
    private static EventsOnTopics topic;
    private static RedisClient redisClient;
    private static RedisCommands<String, String> redis;

    @BeforeAll
    static void start() throws Exception {
        db = Databases.create(SharedTestStack.endpoints(), "projections_test");
        topic = new EventsOnTopics(db.kafkaBootstrapServers());
        service = ProjectionService.start(new ProjectionSettings(db.kafkaBootstrapServers(), db.jdbcUrl(),
                db.databaseUser(), db.databasePassword(), db.redisUri()),
                List.of(new MeetingSqlProjector(), new MeetingRedisProjector())); // the meeting's own read models
        assertThat(service.awaitAssignment(Duration.ofSeconds(60))).isTrue();
        redisClient = RedisClient.create(db.redisUri());
        redis = redisClient.connect().sync();
    }

    @AfterAll
    static void stop() {
        service.close();
        topic.close();
        redisClient.shutdown();
    }

    @Test
    void aMeetingsLifeBecomesTheSeedsRowsAndKeys() throws Exception {
        UUID meeting = UUID.randomUUID();
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        UUID carol = UUID.randomUUID();
        UUID aliceUser = UUID.randomUUID();
        History history = new History();
        // meeting_participants.user_id references users: a registered user's row exists before they join
        Sql.execute(db, "INSERT INTO users (user_id, email, display_name) VALUES ('" + aliceUser + "', 'alice-" + aliceUser + "@example.com', 'Alice')");

        topic.send(history.add(
                new MeetingCreated(meeting, "abc-defg-hij", "Team Standup", 10, MeetingSettings.DEFAULTS, T3, null, T0)));
        await().atMost(Duration.ofSeconds(30)).until(() -> redis.exists(RedisKeys.meeting(meeting)) == 1
                && !Sql.rows(db, "SELECT * FROM meetings WHERE meeting_id = '" + meeting + "'").isEmpty());
        Map<String, Object> created = Sql.rows(db, "SELECT * FROM meetings WHERE meeting_id = '" + meeting + "'").get(0);
        assertThat(created).containsEntry("display_name", "Team Standup")
                .containsEntry("meeting_code", "abc-defg-hij")
                .containsEntry("max_participants", 10)
                .containsEntry("enable_e2e_encryption", true)
                .containsEntry("require_auth", false)
                .containsEntry("allow_recording", false)
                .containsEntry("waiting_room_enabled", false)
                .containsEntry("status", "scheduled")
                .containsEntry("actual_start_time", null)
                .containsEntry("ended_at", null)
                .containsEntry("created_by_user_id", null);
        assertThat(created.get("scheduled_start_time").toString()).isEqualTo(timestamp(T3));
        assertThat(created.get("created_at").toString()).isEqualTo(timestamp(T0));
        assertThat(redis.hgetall(RedisKeys.meeting(meeting))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "meeting_id", meeting.toString(), "display_name", "Team Standup", "status", "scheduled",
                "participant_count", "0", "started_at", "", "controller_id", "", "media_handler_id", ""));
        assertThat(redis.ttl(RedisKeys.meeting(meeting))).isEqualTo(-1L);

        topic.send(history.add(
                new MeetingStarted(meeting, T1),
                new ParticipantJoined(meeting, alice, aliceUser, "Alice", T1, new ConnectionInfo("203.0.113.7", "Chrome/156", "web-1.2")),
                new ParticipantJoined(meeting, bob, null, "Bob", T1, ConnectionInfo.UNKNOWN),
                new ParticipantJoined(meeting, carol, null, "Carol", T1, ConnectionInfo.UNKNOWN),
                new ParticipantLeft(meeting, bob, LeaveReason.VOLUNTARY, T2)));
        await().atMost(Duration.ofSeconds(30)).until(() -> "2".equals(redis.hget(RedisKeys.meeting(meeting), "participant_count"))
                && Sql.rows(db, "SELECT * FROM meeting_participants WHERE left_at IS NOT NULL AND meeting_id = '" + meeting + "'").size() == 1);

        assertThat(redis.hgetall(RedisKeys.meeting(meeting))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "meeting_id", meeting.toString(), "display_name", "Team Standup", "status", "active",
                "participant_count", "2", "started_at", Long.toString(T1.getEpochSecond()), "controller_id", "",
                "media_handler_id", ""));
        assertThat(redis.smembers(RedisKeys.meetingParticipants(meeting))).containsExactlyInAnyOrder(alice.toString(), carol.toString());
        assertThat(redis.hgetall(RedisKeys.participant(alice))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "participant_id", alice.toString(), "meeting_id", meeting.toString(), "user_id", aliceUser.toString(),
                "display_name", "Alice", "joined_at", Long.toString(T1.getEpochSecond()), "connection_state", "connected",
                "last_heartbeat", Long.toString(T1.getEpochSecond()), "streams", "[]"));
        assertThat(redis.pttl(RedisKeys.participant(alice))).as("5 minutes after the join")
                .isBetween(T1.plusSeconds(300).toEpochMilli() - System.currentTimeMillis() - 2_000,
                        T1.plusSeconds(300).toEpochMilli() - System.currentTimeMillis() + 1_000);
        assertThat(redis.hget(RedisKeys.participant(carol), "user_id")).as("a guest's user id is present and empty").isEmpty();
        assertThat(redis.exists(RedisKeys.participant(bob))).as("a session that left is gone").isZero();

        Map<String, Object> meetingRow = Sql.rows(db, "SELECT * FROM meetings WHERE meeting_id = '" + meeting + "'").get(0);
        assertThat(meetingRow).containsEntry("status", "active");
        assertThat(meetingRow.get("actual_start_time").toString()).isEqualTo(timestamp(T1));
        Map<String, Object> aliceRow = Sql.rows(db, "SELECT * FROM meeting_participants WHERE participant_id = '" + alice + "'").get(0);
        assertThat(aliceRow).containsEntry("user_id", aliceUser).containsEntry("display_name", "Alice")
                .containsEntry("left_at", null).containsEntry("leave_reason", null)
                .containsEntry("user_agent", "Chrome/156").containsEntry("client_version", "web-1.2")
                .containsEntry("total_duration_seconds", 0);
        assertThat(aliceRow.get("ip_address").toString()).isEqualTo("203.0.113.7");
        Map<String, Object> bobRow = Sql.rows(db, "SELECT * FROM meeting_participants WHERE participant_id = '" + bob + "'").get(0);
        assertThat(bobRow).containsEntry("leave_reason", "voluntary").containsEntry("total_duration_seconds", 9)
                .containsEntry("ip_address", null);
        assertThat(bobRow.get("left_at").toString()).isEqualTo(timestamp(T2));

        topic.send(history.add(
                new ParticipantLeft(meeting, alice, LeaveReason.VOLUNTARY, T3),
                new ParticipantLeft(meeting, carol, LeaveReason.VOLUNTARY, T3),
                new MeetingEnded(meeting, EndReason.LAST_PARTICIPANT_LEFT, T3)));
        await().atMost(Duration.ofSeconds(30)).until(() -> "ended".equals(redis.hget(RedisKeys.meeting(meeting), "status"))
                && "ended".equals(Sql.rows(db, "SELECT status FROM meetings WHERE meeting_id = '" + meeting + "'").get(0).get("status")));

        assertThat(redis.hgetall(RedisKeys.meeting(meeting))).containsEntry("status", "ended").containsEntry("participant_count", "0");
        assertThat(redis.pttl(RedisKeys.meeting(meeting))).as("meeting key expires 24 h after the end")
                .isBetween(T3.plusSeconds(86_400).toEpochMilli() - System.currentTimeMillis() - 2_000,
                        T3.plusSeconds(86_400).toEpochMilli() - System.currentTimeMillis() + 1_000);
        assertThat(redis.exists(RedisKeys.meetingParticipants(meeting))).as("an empty set does not exist in Redis").isZero();
        assertThat(Sql.rows(db, "SELECT * FROM meetings WHERE meeting_id = '" + meeting + "'").get(0).get("ended_at").toString())
                .isEqualTo(timestamp(T3));
        assertThat(Sql.rows(db, "SELECT leave_reason, total_duration_seconds FROM meeting_participants WHERE meeting_id = '"
                + meeting + "' ORDER BY total_duration_seconds"))
                .extracting(r -> r.get("total_duration_seconds")).containsExactly(9, 29, 29);
    }

    @Test
    void applyingTheSameEventsTwiceChangesNothing() throws Exception {
        UUID meeting = UUID.randomUUID();
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        History history = new History();
        List<EventEnvelope> events = history.add(
                new MeetingCreated(meeting, "dup-defg-hij", "Twice", 10, MeetingSettings.DEFAULTS, null, null, T0),
                new MeetingStarted(meeting, T1),
                new ParticipantJoined(meeting, alice, null, "Alice", T1, ConnectionInfo.UNKNOWN),
                new ParticipantJoined(meeting, bob, null, "Bob", T1, ConnectionInfo.UNKNOWN),
                new ParticipantLeft(meeting, bob, LeaveReason.VOLUNTARY, T2));
        long before = service.runners().stream().mapToLong(r -> r.applied()).sum();

        topic.send(events);
        topic.send(events); // e.g. the relay published a batch again after a crash
        topic.send(events.subList(2, 4));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                service.runners().stream().mapToLong(r -> r.applied()).sum() - before == 2L * (5 + 5 + 2));

        assertThat(redis.hget(RedisKeys.meeting(meeting), "participant_count")).isEqualTo("1");
        assertThat(redis.smembers(RedisKeys.meetingParticipants(meeting))).containsExactly(alice.toString());
        assertThat(redis.get("projection:meeting-redis:" + meeting + ":seq")).isEqualTo("4");
        assertThat(Sql.rows(db, "SELECT participant_id, left_at IS NULL AS present FROM meeting_participants WHERE meeting_id = '"
                + meeting + "' ORDER BY display_name"))
                .extracting(r -> r.get("participant_id") + ":" + r.get("present"))
                .containsExactly(alice + ":true", bob + ":false");
        assertThat(Sql.rows(db, "SELECT last_sequence FROM projection_sequences WHERE aggregate_id = '" + meeting + "'"))
                .extracting(r -> r.get("last_sequence")).containsExactly(4L);
    }

    @Test
    void waitingRoomAssignmentsSettingsStreamsAndSubscriptionsBecomeTheSeedsKeysAndRowsOnceEvenWhenAppliedTwice()
            throws Exception {
        UUID meeting = UUID.randomUUID();
        UUID host = UUID.randomUUID();
        UUID guest = UUID.randomUUID();
        UUID turnedAway = UUID.randomUUID();
        UUID cam = UUID.randomUUID();
        UUID mic = UUID.randomUUID();
        MeetingSettings waitingRoom = new MeetingSettings(true, false, true, true);
        MeetingSettings changed = new MeetingSettings(false, true, true, false);
        History history = new History();
        List<EventEnvelope> events = history.add(
                new MeetingCreated(meeting, "wrm-defg-hij", "Waiting", 10, waitingRoom, null, null, T0),
                new ControllerAssigned(meeting, "mc-us-west-1-001", "us-west-1", T0),
                new MediaHandlerAssigned(meeting, "mh-us-west-1-003", T0),
                new MeetingStarted(meeting, T1),
                new ParticipantJoined(meeting, host, null, "Host", T1, ConnectionInfo.UNKNOWN),
                new ParticipantWaiting(meeting, guest, null, "Guest", T1, ConnectionInfo.UNKNOWN),
                new ParticipantWaiting(meeting, turnedAway, null, "Nope", T1, ConnectionInfo.UNKNOWN),
                new ParticipantRejected(meeting, turnedAway, null, T1),
                new ParticipantAdmitted(meeting, guest, null, T2),
                new ParticipantJoined(meeting, guest, null, "Guest", T2, ConnectionInfo.UNKNOWN),
                new MeetingSettingsChanged(meeting, "Renamed", 12, changed, T3, T2),
                new StreamPublished(meeting, cam, host, StreamType.VIDEO_CAMERA, Codec.VP9, 2_500_000, T2, List.of(cam)),
                new StreamPublished(meeting, mic, host, StreamType.AUDIO_MICROPHONE, Codec.OPUS, 64_000, T2, List.of(cam, mic)),
                new StreamSubscribed(meeting, cam, guest, 1, T2),
                new StreamSubscribed(meeting, mic, guest, 1, T2),
                new StreamUnsubscribed(meeting, mic, guest, 0, T3),
                new StreamUnpublished(meeting, mic, host, T3, List.of(cam)));
        topic.send(events);
        topic.send(events); // a relay that published a batch again

        await().atMost(Duration.ofSeconds(30)).until(() ->
                Long.toString(events.size() - 1).equals(redis.get("projection:meeting-redis:" + meeting + ":seq"))
                        && Sql.rows(db, "SELECT 1 FROM meetings WHERE display_name = 'Renamed' AND meeting_id = '" + meeting + "'").size() == 1
                        && Sql.rows(db, "SELECT 1 FROM projection_sequences WHERE last_sequence = " + (events.size() - 1)
                        + " AND aggregate_id = '" + meeting + "'").size() == 1);

        assertThat(redis.hgetall(RedisKeys.meeting(meeting))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "meeting_id", meeting.toString(), "display_name", "Renamed", "status", "active",
                "participant_count", "2", "started_at", Long.toString(T1.getEpochSecond()),
                "controller_id", "mc-us-west-1-001", "media_handler_id", "mh-us-west-1-003"));
        assertThat(redis.smembers(RedisKeys.meetingParticipants(meeting))).containsExactlyInAnyOrder(host.toString(), guest.toString());
        assertThat(redis.hgetall(RedisKeys.participant(guest))).containsEntry("connection_state", "connected")
                .containsEntry("joined_at", Long.toString(T2.getEpochSecond())).containsEntry("user_id", "").hasSize(8);
        assertThat(redis.exists(RedisKeys.participant(turnedAway))).as("turned away: no session").isZero();
        assertThat(redis.hget(RedisKeys.participant(host), "streams")).isEqualTo("[\"" + cam + "\"]");
        assertThat(redis.hgetall(RedisKeys.stream(cam))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "stream_id", cam.toString(), "participant_id", host.toString(), "meeting_id", meeting.toString(),
                "stream_type", "video_camera", "codec", "VP9", "max_bitrate", "2500000", "subscribers", "1",
                "created_at", Long.toString(T2.getEpochSecond())));
        assertThat(redis.ttl(RedisKeys.stream(cam))).as("a live stream does not expire").isEqualTo(-1L);
        assertThat(redis.hget(RedisKeys.stream(mic), "subscribers")).isEqualTo("0");
        assertThat(redis.pttl(RedisKeys.stream(mic))).as("an ended stream expires an hour after its end")
                .isBetween(T3.plusSeconds(3_600).toEpochMilli() - System.currentTimeMillis() - 2_000,
                        T3.plusSeconds(3_600).toEpochMilli() - System.currentTimeMillis() + 1_000);
        assertThat(redis.smembers(RedisKeys.participantSubscriptions(guest))).containsExactly(cam.toString());

        Map<String, Object> row = Sql.rows(db, "SELECT *, metadata->>'media_handler_id' AS handler FROM meetings WHERE meeting_id = '"
                + meeting + "'").get(0);
        assertThat(row).containsEntry("display_name", "Renamed").containsEntry("max_participants", 12)
                .containsEntry("enable_e2e_encryption", false).containsEntry("require_auth", true)
                .containsEntry("allow_recording", true).containsEntry("waiting_room_enabled", false)
                .containsEntry("assigned_controller_id", "mc-us-west-1-001").containsEntry("assigned_region", "us-west-1")
                .containsEntry("handler", "mh-us-west-1-003");
        assertThat(row.get("scheduled_start_time").toString()).isEqualTo(timestamp(T3));
        assertThat(Sql.rows(db, "SELECT display_name FROM meeting_participants WHERE meeting_id = '" + meeting + "' ORDER BY joined_at"))
                .as("the waiting room has no rows; the admitted guest joins when admitted")
                .extracting(r -> r.get("display_name")).containsExactly("Host", "Guest");

        // the queries' cached copy is dropped once the rows it was read from change
        String cached = RedisKeys.cache(RedisKeys.CacheType.MEETING, meeting.toString());
        redis.setex(cached, 300, "{\"displayName\":\"Renamed\"}");
        // the host leaves: its streams and the guest's subscriptions end first, as the aggregate orders them
        topic.send(history.add(
                new StreamUnsubscribed(meeting, cam, guest, 0, T3),
                new StreamUnpublished(meeting, cam, host, T3, List.of()),
                new ParticipantLeft(meeting, host, LeaveReason.KICKED, T3)));
        await().atMost(Duration.ofSeconds(30)).until(() -> redis.exists(RedisKeys.participant(host)) == 0
                && "kicked".equals(Sql.one(db, "SELECT leave_reason FROM meeting_participants WHERE participant_id = '" + host + "'")));
        assertThat(redis.exists(RedisKeys.participantSubscriptions(guest))).as("an empty set does not exist").isZero();
        assertThat(redis.hget(RedisKeys.stream(cam), "subscribers")).isEqualTo("0");
        assertThat(redis.ttl(RedisKeys.stream(cam))).isPositive();
        assertThat(redis.hget(RedisKeys.meeting(meeting), "participant_count")).isEqualTo("1");
        assertThat(redis.exists(cached)).as("cache entry dropped after the commit").isZero();
    }

    @Test
    void aJoinOfAUserNotYetInTheReadModelWaitsAsideAndFlowsByItselfOnceTheUserRowAppears() throws Exception {
        UUID waiting = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        UUID unknownUser = UUID.randomUUID();
        History waitingHistory = new History();
        // meeting_participants.user_id references users: the users projection may not have written the row yet
        topic.send(waitingHistory.add(
                new MeetingCreated(waiting, "stk-defg-hij", "Early", 10, MeetingSettings.DEFAULTS, null, null, T0),
                new MeetingStarted(waiting, T1),
                new ParticipantJoined(waiting, UUID.randomUUID(), unknownUser, "Ghost", T1, ConnectionInfo.UNKNOWN),
                new ParticipantJoined(waiting, UUID.randomUUID(), null, "Later", T2, ConnectionInfo.UNKNOWN)));
        topic.send(new History().add(
                new MeetingCreated(other, "oth-defg-hij", "Other", 10, MeetingSettings.DEFAULTS, null, null, T0),
                new MeetingStarted(other, T1),
                new ParticipantJoined(other, UUID.randomUUID(), null, "Flows", T1, ConnectionInfo.UNKNOWN)));

        await().atMost(Duration.ofSeconds(30)).until(() -> parked(MeetingSqlProjector.NAME).contains(waiting.toString())
                && Sql.rows(db, "SELECT 1 FROM meeting_participants WHERE meeting_id = '" + other + "'").size() == 1);
        assertThat(Sql.one(db, "SELECT count(*) FROM meeting_participants WHERE meeting_id = '" + waiting + "'"))
                .as("the join and the join behind it wait").isEqualTo("0");
        assertThat(Sql.one(db, "SELECT error FROM parked_aggregates WHERE aggregate_id = '" + waiting + "'"))
                .startsWith("awaiting a referenced row: ");
        assertThat(redis.hget(RedisKeys.meeting(waiting), "participant_count")).as("Redis holds it: not parked there")
                .isEqualTo("2");

        // the users projection writes the user: no operator needed
        Sql.execute(db, "INSERT INTO users (user_id, email, display_name) VALUES ('" + unknownUser + "', 'g-" + unknownUser + "@example.com', 'Ghost')");
        await().atMost(Duration.ofSeconds(30)).until(() -> !parked(MeetingSqlProjector.NAME).contains(waiting.toString()));
        assertThat(Sql.one(db, "SELECT count(*) FROM meeting_participants WHERE meeting_id = '" + waiting + "'")).isEqualTo("2");
        assertThat(Sql.one(db, "SELECT count(*) FROM dead_letters WHERE aggregate_id = '" + waiting + "'")).isEqualTo("0");
    }

    @Test
    void anEventTheStoreRejectsParksOnlyItsAggregateUntilAnOperatorRetriesIt() throws Exception {
        UUID stuck = UUID.randomUUID();
        History stuckHistory = new History();
        // a rule of the store that refuses the event, as a bad migration might: nothing retries it by itself
        Sql.execute(db, "ALTER TABLE meeting_participants ADD CONSTRAINT no_mallory CHECK (display_name <> 'Mallory')");
        try {
            topic.send(stuckHistory.add(
                    new MeetingCreated(stuck, "mal-defg-hij", "Stuck", 10, MeetingSettings.DEFAULTS, null, null, T0),
                    new MeetingStarted(stuck, T1),
                    new ParticipantJoined(stuck, UUID.randomUUID(), null, "Mallory", T1, ConnectionInfo.UNKNOWN),
                    new ParticipantJoined(stuck, UUID.randomUUID(), null, "Later", T2, ConnectionInfo.UNKNOWN)));
            await().atMost(Duration.ofSeconds(30)).until(() -> parked(MeetingSqlProjector.NAME).contains(stuck.toString()));
            assertThat(Sql.one(db, "SELECT count(*) FROM dead_letters WHERE aggregate_id = '" + stuck + "'")).isEqualTo("2");
            assertThat(service.runner(MeetingSqlProjector.NAME).status().parked()).isPositive();
        } finally {
            Sql.execute(db, "ALTER TABLE meeting_participants DROP CONSTRAINT no_mallory");
        }
        Thread.sleep(4_000); // longer than the retries of rows awaiting a reference: this one waits for the operator
        assertThat(parked(MeetingSqlProjector.NAME)).contains(stuck.toString());

        assertThat(service.deadLetters().request(MeetingSqlProjector.NAME, stuck.toString(), DeadLetters.Action.RETRY)).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> !parked(MeetingSqlProjector.NAME).contains(stuck.toString()));
        assertThat(Sql.one(db, "SELECT count(*) FROM meeting_participants WHERE meeting_id = '" + stuck + "'")).isEqualTo("2");
        assertThat(Sql.one(db, "SELECT count(*) FROM dead_letters WHERE aggregate_id = '" + stuck + "'")).isEqualTo("0");

        topic.send(stuckHistory.add(new MeetingEnded(stuck, EndReason.ENDED_BY_HOST, T3)));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "ended".equals(Sql.one(db, "SELECT status FROM meetings WHERE meeting_id = '" + stuck + "'")));
    }

    @Test
    void aRecordThatIsNoEnvelopeParksItsAggregateAndASkipLetsTheRestThrough() throws Exception {
        UUID meeting = UUID.randomUUID();
        History history = new History();
        topic.send(history.add(new MeetingCreated(meeting, "bad-defg-hij", "Garbled", 10, MeetingSettings.DEFAULTS, null, null, T0)));
        topic.sendRaw(Topics.MEETING_EVENTS, meeting.toString(), "not an envelope \u0000".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        topic.send(history.add(new MeetingStarted(meeting, T1)));
        UUID bystander = UUID.randomUUID();
        topic.send(new History().add(new MeetingCreated(bystander, "bys-defg-hij", "Bystander", 10, MeetingSettings.DEFAULTS, null, null, T0)));

        await().atMost(Duration.ofSeconds(30)).until(() -> parked(MeetingSqlProjector.NAME).contains(meeting.toString())
                && parked(MeetingRedisProjector.NAME).contains(meeting.toString())
                && redis.exists(RedisKeys.meeting(bystander)) == 1
                && Sql.one(db, "SELECT count(*) FROM meetings WHERE meeting_id = '" + bystander + "'").equals("1"));
        assertThat(Sql.one(db, "SELECT status FROM meetings WHERE meeting_id = '" + meeting + "'")).isEqualTo("scheduled");
        assertThat(Sql.one(db, "SELECT error FROM parked_aggregates WHERE projection = 'meeting-sql' AND aggregate_id = '"
                + meeting + "'")).startsWith("undecodable record");

        for (String projection : List.of(MeetingSqlProjector.NAME, MeetingRedisProjector.NAME)) {
            assertThat(service.deadLetters().request(projection, meeting.toString(), DeadLetters.Action.SKIP)).isTrue();
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "active".equals(Sql.one(db, "SELECT status FROM meetings WHERE meeting_id = '" + meeting + "'"))
                        && "active".equals(redis.hget(RedisKeys.meeting(meeting), "status")));
        assertThat(parked(MeetingSqlProjector.NAME)).doesNotContain(meeting.toString());
        assertThat(service.statuses()).allSatisfy(status -> assertThat(status.healthy()).isTrue());
    }

    private static List<String> parked(String projection) throws Exception {
        return service.deadLetters().parked(projection).stream().map(DeadLetters.Parked::aggregateId).toList();
    }

    private static String timestamp(Instant instant) {
        return java.sql.Timestamp.from(instant).toString();
    }

}
