package io.darktower.commands.meeting;

import io.darktower.commands.validation.StorableInstant;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The publisher ends its stream; ending an ended stream changes nothing.
 *
 * @param requestedBy who asks over the API: only the publisher itself ends its stream; null when the platform acts
 */
public record UnpublishStream(
        @TargetAggregateIdentifier @NotNull UUID meetingId,
        @NotNull UUID streamId,
        @NotNull UUID participantId,
        Requester requestedBy,
        @NotNull @StorableInstant Instant requestedAt) {

    /** The platform ends the stream on the participant's behalf. */
    public UnpublishStream(UUID meetingId, UUID streamId, UUID participantId, Instant requestedAt) {
        this(meetingId, streamId, participantId, null, requestedAt);
    }
}
