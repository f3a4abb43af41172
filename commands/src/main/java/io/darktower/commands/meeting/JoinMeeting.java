package io.darktower.commands.meeting;

import io.darktower.commands.validation.StorableInstant;
import io.darktower.commands.validation.Text;
import io.darktower.events.meeting.ConnectionInfo;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Enter a meeting as a new participant session. {@code userId} is null for a guest; where the participant
 * connects from is whatever the edge could tell (each may be null).
 */
public record JoinMeeting(
        @TargetAggregateIdentifier @NotNull UUID meetingId,
        @NotNull UUID participantId,
        UUID userId,
        @Text(max = Meeting.MAX_NAME, required = true) String displayName,
        @Text(max = Meeting.MAX_IP) String ipAddress,
        @Text(max = Meeting.MAX_USER_AGENT) String userAgent,
        @Text(max = Meeting.MAX_CLIENT_VERSION) String clientVersion,
        @NotNull @StorableInstant Instant requestedAt) {

    ConnectionInfo connection() {
        return new ConnectionInfo(ipAddress, userAgent, clientVersion);
    }
}
