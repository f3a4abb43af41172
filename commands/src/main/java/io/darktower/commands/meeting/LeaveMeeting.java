package io.darktower.commands.meeting;

import io.darktower.commands.validation.StorableInstant;
import io.darktower.events.meeting.LeaveReason;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A participant session leaves. Leaving twice is not an error: the second time changes nothing. */
public record LeaveMeeting(
        @TargetAggregateIdentifier @NotNull UUID meetingId,
        @NotNull UUID participantId,
        @NotNull LeaveReason reason,
        @NotNull @StorableInstant Instant requestedAt) {
}
