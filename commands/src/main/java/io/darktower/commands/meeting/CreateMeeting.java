package io.darktower.commands.meeting;

import io.darktower.events.meeting.MeetingSettings;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Schedule a meeting. The code must not be taken by another meeting. */
public record CreateMeeting(
        @TargetAggregateIdentifier UUID meetingId,
        String meetingCode,
        String displayName,
        int maxParticipants,
        MeetingSettings settings,
        Instant scheduledStartTime,
        UUID createdByUserId,
        Instant requestedAt) {
}
