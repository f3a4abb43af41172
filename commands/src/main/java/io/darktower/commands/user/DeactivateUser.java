package io.darktower.commands.user;

import io.darktower.commands.validation.StorableInstant;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Close the account for sign-ins and changes; deactivating it again changes nothing. */
public record DeactivateUser(
        @TargetAggregateIdentifier @NotNull UUID userId,
        @NotNull @StorableInstant Instant requestedAt) {
}
