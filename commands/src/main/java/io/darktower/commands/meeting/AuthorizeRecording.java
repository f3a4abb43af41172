package io.darktower.commands.meeting;

import io.darktower.commands.validation.StorableInstant;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Asks the meeting whether a recording may start now: it must be active, allow recording, and the caller must be its
 * creator, an admin or a present participant's user. Appends nothing; answers normally or refuses with
 * {@link MeetingRejection}. The recording's own start follows as a command to the recording.
 */
public record AuthorizeRecording(
        @TargetAggregateIdentifier @NotNull UUID meetingId,
        @NotNull UUID recordingId,
        UUID requestedByUserId,
        boolean requestedByAdmin,
        @NotNull @StorableInstant Instant requestedAt) {
}
