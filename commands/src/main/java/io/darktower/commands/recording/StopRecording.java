package io.darktower.commands.recording;

import io.darktower.commands.validation.StorableInstant;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Stop recording. Stopping a recording that is no longer running changes nothing.
 *
 * @param requester who asks (its starter or an administrator may); null when the platform itself stops it
 */
public record StopRecording(
        @TargetAggregateIdentifier @NotNull UUID recordingId,
        RecordingRequester requester,
        @NotNull @StorableInstant Instant requestedAt) {
}
