package io.darktower.commands.meeting;

import io.darktower.commands.validation.StorableInstant;
import io.darktower.commands.validation.Text;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Forward the meeting's media through a media handler; the same handler again changes nothing. */
public record AssignMediaHandler(
        @TargetAggregateIdentifier @NotNull UUID meetingId,
        @Text(max = Meeting.MAX_NODE_ID, required = true) String mediaHandlerId,
        @NotNull @StorableInstant Instant requestedAt) {
}
