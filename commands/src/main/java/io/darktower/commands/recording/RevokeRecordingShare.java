package io.darktower.commands.recording;

import io.darktower.commands.validation.StorableInstant;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Close the sharing link and make the recording private. Revoking what is not shared changes nothing.
 *
 * @param requester who asks: the recording's starter or an administrator may
 */
public record RevokeRecordingShare(
        @TargetAggregateIdentifier @NotNull UUID recordingId,
        @NotNull RecordingRequester requester,
        @NotNull @StorableInstant Instant requestedAt) {
}
