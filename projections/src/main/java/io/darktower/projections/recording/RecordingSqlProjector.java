package io.darktower.projections.recording;

import io.darktower.events.AggregateType;
import io.darktower.events.Aggregates;
import io.darktower.events.EventEnvelope;
import io.darktower.events.recording.RecordingEvent;
import io.darktower.events.recording.RecordingFailed;
import io.darktower.events.recording.RecordingProcessingStarted;
import io.darktower.events.recording.RecordingPurged;
import io.darktower.events.recording.RecordingReady;
import io.darktower.events.recording.RecordingShareRevoked;
import io.darktower.events.recording.RecordingShared;
import io.darktower.events.recording.RecordingStarted;
import io.darktower.events.recording.RecordingStopped;
import io.darktower.projections.runtime.SqlProjector;
import io.darktower.projections.runtime.SqlWriter;
import io.darktower.readmodel.RecordingStatus;
import java.sql.SQLException;
import java.util.List;

/**
 * The seed's {@code recordings} table. {@code access_token} holds the SHA-256 (hex) of the sharing link's token,
 * never the token: the event carries only the hash, and a link is verified by hashing what it presents.
 * A stopped recording keeps status {@code recording} (the seed has no "stopped") with {@code ended_at} set.
 */
public final class RecordingSqlProjector implements SqlProjector<RecordingEvent> {

    public static final String NAME = "recording-sql";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AggregateType<RecordingEvent> aggregate() {
        return Aggregates.RECORDING;
    }

    @Override
    public List<String> tables() {
        return List.of("recordings");
    }

    @Override
    public void project(RecordingEvent event, EventEnvelope envelope, SqlWriter sql) throws SQLException {
        switch (event) {
            case RecordingStarted e -> sql.update("""
                    INSERT INTO recordings (recording_id, meeting_id, started_by_user_id, started_at, storage_path,
                        storage_bucket, status, is_public, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, false, ?, ?)""",
                    e.recordingId(), e.meetingId(), e.startedByUserId(), e.startedAt(), e.storagePath(),
                    e.storageBucket(), RecordingStatus.RECORDING.wire(), e.startedAt(), e.startedAt());
            case RecordingStopped e -> sql.update(
                    "UPDATE recordings SET ended_at = ? WHERE recording_id = ?", e.stoppedAt(), e.recordingId());
            case RecordingProcessingStarted e -> sql.update(
                    "UPDATE recordings SET status = ? WHERE recording_id = ?",
                    RecordingStatus.PROCESSING.wire(), e.recordingId());
            case RecordingReady e -> sql.update("""
                    UPDATE recordings SET status = ?, file_size_bytes = ?, duration_seconds = ?, video_codec = ?,
                        audio_codec = ?, resolution = ?, storage_path = ?, storage_bucket = ?
                    WHERE recording_id = ?""",
                    RecordingStatus.READY.wire(), e.fileSizeBytes(), e.durationSeconds(), e.videoCodec(),
                    e.audioCodec(), e.resolution(), e.storagePath(), e.storageBucket(), e.recordingId());
            case RecordingFailed e -> sql.update(
                    "UPDATE recordings SET status = ?, error_message = ? WHERE recording_id = ?",
                    RecordingStatus.FAILED.wire(), e.errorMessage(), e.recordingId());
            case RecordingShared e -> sql.update(
                    "UPDATE recordings SET is_public = ?, access_token = ? WHERE recording_id = ?",
                    e.isPublic(), e.accessTokenHash(), e.recordingId());
            case RecordingShareRevoked e -> sql.update(
                    "UPDATE recordings SET is_public = false, access_token = NULL WHERE recording_id = ?",
                    e.recordingId());
            case RecordingPurged e -> sql.update("DELETE FROM recordings WHERE recording_id = ?", e.recordingId());
        }
    }
}
