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

/** Schedule a meeting. The code must not be taken by another meeting. */
public record CreateMeeting(
        @TargetAggregateIdentifier @NotNull UUID meetingId,
        @Text(max = Meeting.MAX_CODE, required = true) String meetingCode,
        @Text(max = Meeting.MAX_NAME, required = true) String displayName,
        @Min(1) @Max(Meeting.MAX_CAPACITY) int maxParticipants,
        @NotNull MeetingSettings settings,
        @StorableInstant Instant scheduledStartTime,
        UUID createdByUserId,
        @NotNull @StorableInstant Instant requestedAt) {
}
