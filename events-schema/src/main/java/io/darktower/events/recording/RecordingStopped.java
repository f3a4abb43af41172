package io.darktower.events.recording;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** Nothing more is recorded: by request, because its meeting ended, or because the recording failed while running. */
public record RecordingStopped(UUID recordingId, Instant stoppedAt) implements RecordingEvent {

    public RecordingStopped {
        Objects.requireNonNull(recordingId, "recordingId");
        Objects.requireNonNull(stoppedAt, "stoppedAt");
    }
}
