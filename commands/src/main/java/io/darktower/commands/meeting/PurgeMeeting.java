package io.darktower.commands.meeting;

import io.darktower.commands.validation.StorableInstant;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Retention: drop the meeting's rows from the read models. Refused unless the meeting ended at least
 * {@link Meeting#RETENTION_AFTER_END} before {@code requestedAt}; purging a purged meeting changes nothing.
 * Sent by the retention job only.
 */
public record PurgeMeeting(
        @TargetAggregateIdentifier @NotNull UUID meetingId,
        @NotNull @StorableInstant Instant requestedAt) {
}
