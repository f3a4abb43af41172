package io.darktower.commands.apikey;

import io.darktower.commands.validation.StorableInstant;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Retention: drop a revoked or expired key's row from the read model (the seed keeps keys "until revoked/expired").
 * Refused for a key that still authenticates at {@code requestedAt}; purging it again changes nothing. Sent by the
 * retention job only.
 */
public record PurgeApiKey(
        @TargetAggregateIdentifier @NotNull UUID keyId,
        @NotNull @StorableInstant Instant requestedAt) {
}
