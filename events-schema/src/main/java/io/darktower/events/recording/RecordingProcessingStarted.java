package io.darktower.events.recording;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** The stopped recording's file is being processed (muxed, transcoded, uploaded). */
public record RecordingProcessingStarted(UUID recordingId, Instant processingAt) implements RecordingEvent {

    public RecordingProcessingStarted {
        Objects.requireNonNull(recordingId, "recordingId");
        Objects.requireNonNull(processingAt, "processingAt");
    }
}
