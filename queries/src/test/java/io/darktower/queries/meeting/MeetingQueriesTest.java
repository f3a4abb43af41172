package io.darktower.queries.meeting;

import static org.assertj.core.api.Assertions.assertThat;

import io.darktower.devstack.Databases;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.darktower.devstack.Sql;
import io.darktower.projections.runtime.ReadModelSchema;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.time.Instant;
import java.util.UUID;
import io.darktower.queries.cache.ReadThroughCache;
import io.darktower.readmodel.RedisKeys;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.test.StepVerifier;

/** Reads against a real PostgreSQL read model. */
class MeetingQueriesTest {

    private static Endpoints db;
    private static MeetingQueries queries;
    private static RedisClient redisClient;
    private static RedisCommands<String, String> redis;

    @BeforeAll
    static void readModel() {
        db = Databases.create(SharedTestStack.endpoints(), "queries_test");
        ReadModelSchema.migrate(db.jdbcUrl(), db.databaseUser(), db.databasePassword());
        var factory = ConnectionFactories.get(ConnectionFactoryOptions.parse(db.r2dbcUrl()).mutate()
                .option(ConnectionFactoryOptions.USER, db.databaseUser())
                .option(ConnectionFactoryOptions.PASSWORD, db.databasePassword()).build());
        redisClient = RedisClient.create(db.redisUri());
        redis = redisClient.connect().sync();
        queries = new MeetingQueries(DatabaseClient.create(factory), new ReadThroughCache(redisClient.connect().reactive()));
    }

    @AfterAll
    static void close() {
        redisClient.shutdown();
    }

    @Test
    void aReadIsCachedForTheMeetingsTtlServedUntilDroppedAndAnUnreadableEntryFallsBackToTheDatabase() {
        UUID meeting = UUID.randomUUID();
        String key = RedisKeys.cache(RedisKeys.CacheType.MEETING, meeting.toString());
        Sql.execute(db, "INSERT INTO meetings (meeting_id, display_name, meeting_code, max_participants, status, created_at)"
                + " VALUES ('" + meeting + "', 'Cached', 'cch-abcd-efg', 8, 'scheduled', '2026-01-16T13:00:00Z')");

        StepVerifier.create(queries.findMeeting(meeting)).assertNext(v -> assertThat(v.displayName()).isEqualTo("Cached")).verifyComplete();
        assertThat(redis.ttl(key)).isBetween(298L, 300L);
        assertThat(redis.get(key)).contains("\"displayName\":\"Cached\"");

        // the row changes; until the projection drops the entry, the cache answers
        Sql.execute(db, "UPDATE meetings SET display_name = 'Renamed' WHERE meeting_id = '" + meeting + "'");
        StepVerifier.create(queries.findMeeting(meeting)).assertNext(v -> assertThat(v.displayName()).isEqualTo("Cached")).verifyComplete();
        redis.del(key);
        StepVerifier.create(queries.findMeeting(meeting)).assertNext(v -> assertThat(v.displayName()).isEqualTo("Renamed")).verifyComplete();

        redis.set(key, "{not json");
        StepVerifier.create(queries.findMeeting(meeting)).assertNext(v -> assertThat(v.displayName()).isEqualTo("Renamed")).verifyComplete();
    }

    @Test
    void aMeetingComesWithItsPresentParticipantsInJoinOrder() throws Exception {
        UUID meeting = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID gone = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        Sql.execute(db, "INSERT INTO meetings (meeting_id, display_name, meeting_code, max_participants, status, actual_start_time, created_at)"
                + " VALUES ('" + meeting + "', 'Standup', 'qry-abcd-efg', 8, 'active', '2026-01-16T13:01:00Z', '2026-01-16T13:00:00Z')");
        Sql.execute(db, "INSERT INTO meeting_participants (meeting_id, participant_id, display_name, joined_at) VALUES "
                + "('" + meeting + "', '" + first + "', 'First', '2026-01-16T13:01:00Z'),"
                + "('" + meeting + "', '" + second + "', 'Second', '2026-01-16T13:03:00Z')");
        Sql.execute(db, "INSERT INTO meeting_participants (meeting_id, participant_id, display_name, joined_at, left_at, leave_reason) VALUES "
                + "('" + meeting + "', '" + gone + "', 'Gone', '2026-01-16T13:02:00Z', '2026-01-16T13:04:00Z', 'voluntary')");

        StepVerifier.create(queries.findMeeting(meeting))
                .assertNext(view -> {
                    assertThat(view.meetingCode()).isEqualTo("qry-abcd-efg");
                    assertThat(view.status()).isEqualTo("active");
                    assertThat(view.maxParticipants()).isEqualTo(8);
                    assertThat(view.settings()).isEqualTo(new MeetingView.Settings(true, false, false, false));
                    assertThat(view.actualStartTime()).isEqualTo(Instant.parse("2026-01-16T13:01:00Z"));
                    assertThat(view.endedAt()).isNull();
                    assertThat(view.participantCount()).isEqualTo(2);
                    assertThat(view.participants()).extracting(MeetingView.Participant::displayName)
                            .containsExactly("First", "Second");
                })
                .verifyComplete();
    }

    @Test
    void anUnknownMeetingIsEmpty() {
        StepVerifier.create(queries.findMeeting(UUID.randomUUID())).verifyComplete();
    }

}
