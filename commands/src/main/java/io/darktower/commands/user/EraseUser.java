package io.darktower.commands.user;

import io.darktower.commands.validation.StorableInstant;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Erase the account's personal data (GDPR, an administrator's decision: the gateway lets only administrators send it).
 * Erasing it again changes nothing.
 */
public record EraseUser(
        @TargetAggregateIdentifier @NotNull UUID userId,
        @NotNull @StorableInstant Instant requestedAt) {
}
