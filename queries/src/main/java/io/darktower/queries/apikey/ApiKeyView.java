package io.darktower.queries.apikey;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An API key as the read model has it, without its hash. */
public record ApiKeyView(
        UUID keyId,
        UUID userId,
        String name,
        String keyPrefix,
        List<String> scopes,
        boolean active,
        Instant lastUsedAt,
        Instant expiresAt,
        Instant createdAt) {
}
