package io.darktower.commands.meeting;

import io.darktower.commands.validation.StorableInstant;
import io.darktower.commands.validation.Text;
import io.darktower.events.meeting.MeetingSettings;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Change a meeting's name, capacity, switches or scheduled start; each field is the whole new value. Only its creator
 * or an admin may; the same values again change nothing. Capacity cannot drop below the participants present.
 */
public record ChangeMeetingSettings(
        @TargetAggregateIdentifier @NotNull UUID meetingId,
        @Text(max = Meeting.MAX_NAME, required = true) String displayName,
        @Min(1) @Max(Meeting.MAX_CAPACITY) int maxParticipants,
        @NotNull MeetingSettings settings,
        @StorableInstant Instant scheduledStartTime,
        UUID requestedByUserId,
        boolean requestedByAdmin,
        @NotNull @StorableInstant Instant requestedAt) {
}
