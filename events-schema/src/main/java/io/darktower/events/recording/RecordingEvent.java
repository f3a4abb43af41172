package io.darktower.events.recording;

import java.util.UUID;

/**
 * Every fact about one recording of a meeting. Sealed: a projection that switches over it exhaustively fails to
 * compile when a new recording event is added and not handled.
 */
public sealed interface RecordingEvent
        permits RecordingStarted, RecordingStopped, RecordingProcessingStarted, RecordingReady, RecordingFailed,
                RecordingShared, RecordingShareRevoked, RecordingPurged {

    /** The aggregate the fact belongs to; also the Kafka key of its record. */
    UUID recordingId();
}
