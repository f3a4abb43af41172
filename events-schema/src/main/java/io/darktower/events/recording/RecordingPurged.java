package io.darktower.events.recording;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Retention: the recording stopped more than its policy's days ago ({@code darktower.retention.recordings}, the
 * seed's default 1 year), so its row leaves {@code recordings}. The stored file is not touched by the platform: this
 * event is the signal for the object store's lifecycle. The events before it stay in the log; a rebuild applies this
 * one too, so the row does not come back.
 *
 * @param meetingId     the meeting it recorded
 * @param stoppedAt     when it stopped, the start of its retention
 * @param retentionDays the policy it was kept under
 * @param purgedAt      when the retention job asked
 */
public record RecordingPurged(UUID recordingId, UUID meetingId, Instant stoppedAt, int retentionDays, Instant purgedAt)
        implements RecordingEvent {

    public RecordingPurged {
        Objects.requireNonNull(recordingId, "recordingId");
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(stoppedAt, "stoppedAt");
        Objects.requireNonNull(purgedAt, "purgedAt");
    }
}
