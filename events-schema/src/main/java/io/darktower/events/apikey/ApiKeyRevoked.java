package io.darktower.events.apikey;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** The key no longer authenticates ({@code api_keys.is_active = false}). */
public record ApiKeyRevoked(UUID keyId, UUID userId, Instant revokedAt) implements ApiKeyEvent {

    public ApiKeyRevoked {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(revokedAt, "revokedAt");
    }
}
