package io.darktower.queries.recording;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads recordings from the PostgreSQL read model, without blocking. */
@Service
public class RecordingQueries {

    /** A meeting has a handful of recordings; this bounds an answer all the same. */
    public static final int MAX_PER_MEETING = 500;

    private final DatabaseClient db;

    public RecordingQueries(DatabaseClient db) {
        this.db = db;
    }

    /** Empty if the read model does not know the recording (yet). */
    public Mono<RecordingView> findRecording(UUID recordingId) {
        return db.sql("SELECT * FROM recordings WHERE recording_id = :id")
                .bind("id", recordingId)
                .map(RecordingQueries::view)
                .one();
    }

    /** A meeting's recordings, oldest first. */
    public Flux<RecordingView> recordingsOf(UUID meetingId) {
        return db.sql("SELECT * FROM recordings WHERE meeting_id = :id ORDER BY started_at, recording_id LIMIT :limit")
                .bind("id", meetingId)
                .bind("limit", MAX_PER_MEETING)
                .map(RecordingQueries::view)
                .all();
    }

    private static RecordingView view(Readable row) {
        return new RecordingView(
                row.get("recording_id", UUID.class),
                row.get("meeting_id", UUID.class),
                row.get("started_by_user_id", UUID.class),
                row.get("status", String.class),
                row.get("ended_at", OffsetDateTime.class) != null,
                instant(row, "started_at"),
                instant(row, "ended_at"),
                row.get("duration_seconds", Integer.class),
                row.get("file_size_bytes", Long.class),
                row.get("storage_path", String.class),
                row.get("storage_bucket", String.class),
                row.get("video_codec", String.class),
                row.get("audio_codec", String.class),
                row.get("resolution", String.class),
                row.get("error_message", String.class),
                Boolean.TRUE.equals(row.get("is_public", Boolean.class)),
                row.get("access_token", String.class) != null,
                instant(row, "created_at"),
                instant(row, "updated_at"));
    }

    private static Instant instant(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
