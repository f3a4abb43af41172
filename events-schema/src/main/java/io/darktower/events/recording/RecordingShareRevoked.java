package io.darktower.events.recording;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** The sharing link no longer opens the recording, and it is no longer public. */
public record RecordingShareRevoked(UUID recordingId, Instant revokedAt) implements RecordingEvent {

    public RecordingShareRevoked {
        Objects.requireNonNull(recordingId, "recordingId");
        Objects.requireNonNull(revokedAt, "revokedAt");
    }
}
