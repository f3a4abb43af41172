package io.darktower.commands.meeting;

import io.darktower.commands.validation.StorableInstant;
import io.darktower.events.meeting.LeaveReason;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A participant session leaves. Leaving twice is not an error: the second time changes nothing.
 *
 * @param requestedBy who asks over the API: the meeting lets only the participant itself leave this way (the host
 *                    removes others with a kick); null when the platform itself removes the participant (a lapsed
 *                    presence, a kick)
 */
public record LeaveMeeting(
        @TargetAggregateIdentifier @NotNull UUID meetingId,
        @NotNull UUID participantId,
        @NotNull LeaveReason reason,
        Requester requestedBy,
        @NotNull @StorableInstant Instant requestedAt) {

    /** The platform removes a participant on its own behalf. */
    public LeaveMeeting(UUID meetingId, UUID participantId, LeaveReason reason, Instant requestedAt) {
        this(meetingId, participantId, reason, null, requestedAt);
    }

    /**
     * A caller of the API: the signed-in user it acts for (null for a guest) and the participant its join token speaks
     * for (null without one). Either identifies the participant as itself.
     */
    public record Requester(UUID userId, UUID participantId) {
    }
}
