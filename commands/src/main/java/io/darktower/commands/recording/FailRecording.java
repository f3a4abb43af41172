package io.darktower.commands.recording;

import io.darktower.commands.validation.StorableInstant;
import io.darktower.commands.validation.Text;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The recording cannot be made ready. A running recording stops first. Failing twice changes nothing. */
public record FailRecording(
        @TargetAggregateIdentifier @NotNull UUID recordingId,
        @Text(max = Recording.MAX_ERROR, required = true) String errorMessage,
        @NotNull @StorableInstant Instant requestedAt) {
}
