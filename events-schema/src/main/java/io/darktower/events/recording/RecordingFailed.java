package io.darktower.events.recording;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** The recording cannot be made ready; {@code errorMessage} says why, for operators and the meeting's host. */
public record RecordingFailed(UUID recordingId, String errorMessage, Instant failedAt) implements RecordingEvent {

    public RecordingFailed {
        Objects.requireNonNull(recordingId, "recordingId");
        Objects.requireNonNull(errorMessage, "errorMessage");
        Objects.requireNonNull(failedAt, "failedAt");
    }
}
