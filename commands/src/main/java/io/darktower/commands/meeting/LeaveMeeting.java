package io.darktower.commands.meeting;

import io.darktower.events.meeting.LeaveReason;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A participant session leaves. Leaving twice is not an error: the second time changes nothing. */
public record LeaveMeeting(
        @TargetAggregateIdentifier UUID meetingId,
        UUID participantId,
        LeaveReason reason,
        Instant requestedAt) {
}
