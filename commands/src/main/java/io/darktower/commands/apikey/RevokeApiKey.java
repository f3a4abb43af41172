package io.darktower.commands.apikey;

import io.darktower.commands.validation.StorableInstant;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Revoke a key of {@code userId}; revoking it again changes nothing. */
public record RevokeApiKey(
        @TargetAggregateIdentifier @NotNull UUID keyId,
        @NotNull UUID userId,
        @NotNull @StorableInstant Instant requestedAt) {
}
