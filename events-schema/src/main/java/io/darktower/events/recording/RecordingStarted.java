package io.darktower.events.recording;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A meeting that allowed it began to be recorded. Where the file will be stored is decided at the start (the seed's
 * {@code storage_path} and {@code storage_bucket} are never empty); {@link RecordingReady} may name the final place.
 *
 * @param startedByUserId who asked for it: the meeting's creator or a present participant
 */
public record RecordingStarted(
        UUID recordingId,
        UUID meetingId,
        UUID startedByUserId,
        String storagePath,
        String storageBucket,
        Instant startedAt) implements RecordingEvent {

    public RecordingStarted {
        Objects.requireNonNull(recordingId, "recordingId");
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(storagePath, "storagePath");
        Objects.requireNonNull(storageBucket, "storageBucket");
        Objects.requireNonNull(startedAt, "startedAt");
    }
}
