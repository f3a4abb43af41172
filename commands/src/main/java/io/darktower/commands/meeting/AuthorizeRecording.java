package io.darktower.commands.meeting;

import io.darktower.commands.validation.StorableInstant;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * PLACEHOLDER of the lead's command (same signature), so the recording branch compiles until it lands on main;
 * replaced by main's file on merge. Ask the meeting whether {@code recordingId} may start: returns normally when
 * the meeting is active and allows recording, throws {@code Rejected} otherwise; appends no event.
 */
public record AuthorizeRecording(
        @TargetAggregateIdentifier @NotNull UUID meetingId,
        @NotNull UUID recordingId,
        UUID requestedByUserId,
        @NotNull @StorableInstant Instant requestedAt) {
}
