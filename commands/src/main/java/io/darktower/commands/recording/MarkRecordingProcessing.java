package io.darktower.commands.recording;

import io.darktower.commands.validation.StorableInstant;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The stopped recording's file is being processed. Saying so twice changes nothing. */
public record MarkRecordingProcessing(
        @TargetAggregateIdentifier @NotNull UUID recordingId,
        @NotNull @StorableInstant Instant requestedAt) {
}
