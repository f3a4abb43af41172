package io.darktower.queries.recording;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.test.StepVerifier;

/** Reads against a real PostgreSQL read model. */
class RecordingQueriesTest {

    private static Endpoints db;
    private static RecordingQueries queries;

    @BeforeAll
    static void readModel() {
        db = Databases.create(SharedTestStack.endpoints(), "recording_queries_test");
        ReadModelSchema.migrate(db.jdbcUrl(), db.databaseUser(), db.databasePassword());
        var factory = ConnectionFactories.get(ConnectionFactoryOptions.parse(db.r2dbcUrl()).mutate()
                .option(ConnectionFactoryOptions.USER, db.databaseUser())
                .option(ConnectionFactoryOptions.PASSWORD, db.databasePassword()).build());
        queries = new RecordingQueries(DatabaseClient.create(factory));
    }

    @Test
    void aRecordingAndAMeetingsRecordingsOldestFirstWithoutTheTokenHash() {
        UUID meeting = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        Sql.execute(db, "INSERT INTO meetings (meeting_id, display_name, meeting_code) VALUES ('" + meeting + "', 'M', '"
                + meeting.toString().substring(0, 20) + "')");
        Sql.execute(db, "INSERT INTO recordings (recording_id, meeting_id, started_at, ended_at, duration_seconds, file_size_bytes,"
                + " storage_path, storage_bucket, video_codec, audio_codec, resolution, status, is_public, access_token, created_at)"
                + " VALUES ('" + second + "', '" + meeting + "', '2026-01-16T13:10:00Z', '2026-01-16T13:20:00Z', 598, 5368709120,"
                + " 'p/2', 'b', 'h264', 'opus', '1920x1080', 'ready', true, '" + "a".repeat(64) + "', '2026-01-16T13:10:00Z')");
        Sql.execute(db, "INSERT INTO recordings (recording_id, meeting_id, started_at, storage_path, storage_bucket, created_at)"
                + " VALUES ('" + first + "', '" + meeting + "', '2026-01-16T13:00:00Z', 'p/1', 'b', '2026-01-16T13:00:00Z')");

        StepVerifier.create(queries.findRecording(second))
                .assertNext(view -> {
                    assertThat(view.status()).isEqualTo("ready");
                    assertThat(view.stopped()).isTrue();
                    assertThat(view.endedAt()).isEqualTo(Instant.parse("2026-01-16T13:20:00Z"));
                    assertThat(view.durationSeconds()).isEqualTo(598);
                    assertThat(view.fileSizeBytes()).isEqualTo(5_368_709_120L);
                    assertThat(view.resolution()).isEqualTo("1920x1080");
                    assertThat(view.isPublic()).isTrue();
                    assertThat(view.shared()).isTrue();
                    assertThat(view.toString()).doesNotContain("a".repeat(64));
                })
                .verifyComplete();
        StepVerifier.create(queries.recordingsOf(meeting).map(RecordingView::recordingId))
                .expectNext(first, second)
                .verifyComplete();
        StepVerifier.create(queries.findRecording(first))
                .assertNext(view -> {
                    assertThat(view.status()).isEqualTo("recording");
                    assertThat(view.stopped()).isFalse();
                    assertThat(view.durationSeconds()).isNull();
                    assertThat(view.shared()).isFalse();
                })
                .verifyComplete();
        StepVerifier.create(queries.findRecording(UUID.randomUUID())).verifyComplete();
    }
}
