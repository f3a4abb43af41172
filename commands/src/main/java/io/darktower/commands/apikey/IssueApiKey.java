package io.darktower.commands.apikey;

import io.darktower.commands.validation.StorableInstant;
import io.darktower.commands.validation.Text;
import io.darktower.events.apikey.ApiKeyScope;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Issue a key to {@code userId}. The secret itself never reaches the write side: the edge generates it, shows it
 * once and sends only its SHA-256 ({@code keyHash}, hex) and its first characters ({@code keyPrefix}).
 */
public record IssueApiKey(
        @TargetAggregateIdentifier @NotNull UUID keyId,
        @NotNull UUID userId,
        @Text(max = ApiKey.MAX_NAME, required = true) String name,
        @NotNull @Size(min = 1, max = 32) List<@NotNull ApiKeyScope> scopes,
        @NotNull @Pattern(regexp = "[0-9a-f]{64}") String keyHash,
        @Text(max = ApiKey.MAX_PREFIX, required = true) String keyPrefix,
        @StorableInstant Instant expiresAt,
        @NotNull @StorableInstant Instant requestedAt) {
}
