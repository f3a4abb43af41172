package io.darktower.commands.recording;

import io.darktower.commands.validation.StorableInstant;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Retention: drop the recording's row from the read model. Refused unless it stopped at least {@code retentionDays}
 * (the policy, {@code darktower.retention.recordings}) before {@code requestedAt}; purging it again changes nothing.
 * Sent by the retention job only.
 */
public record PurgeRecording(
        @TargetAggregateIdentifier @NotNull UUID recordingId,
        @Min(1) @Max(36_500) int retentionDays,
        @NotNull @StorableInstant Instant requestedAt) {
}
