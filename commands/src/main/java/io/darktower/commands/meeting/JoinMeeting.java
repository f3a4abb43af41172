package io.darktower.commands.meeting;

import io.darktower.events.meeting.ConnectionInfo;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Enter a meeting as a new participant session. {@code userId} is null for a guest. */
public record JoinMeeting(
        @TargetAggregateIdentifier UUID meetingId,
        UUID participantId,
        UUID userId,
        String displayName,
        ConnectionInfo connection,
        Instant requestedAt) {
}
