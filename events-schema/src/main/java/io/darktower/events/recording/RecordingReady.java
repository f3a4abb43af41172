package io.darktower.events.recording;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The recording's file is stored and can be watched. Codecs and resolution are null when the processor could not
 * tell; storage path and bucket are where the file finally lies.
 *
 * @param resolution width x height in pixels, e.g. {@code 1920x1080}
 */
public record RecordingReady(
        UUID recordingId,
        long fileSizeBytes,
        int durationSeconds,
        String videoCodec,
        String audioCodec,
        String resolution,
        String storagePath,
        String storageBucket,
        Instant readyAt) implements RecordingEvent {

    public RecordingReady {
        Objects.requireNonNull(recordingId, "recordingId");
        Objects.requireNonNull(storagePath, "storagePath");
        Objects.requireNonNull(storageBucket, "storageBucket");
        Objects.requireNonNull(readyAt, "readyAt");
    }
}
