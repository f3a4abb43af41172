package io.darktower.events.apikey;

import io.darktower.crypto.Sealed;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A key was issued to {@code userId}. {@code keyHash} (SHA-256 of the secret, unique) is sealed; {@code keyPrefix}
 * is the secret's first characters, for people to tell keys apart. Scopes in declaration order, without repeats.
 */
public record ApiKeyIssued(
        UUID keyId,
        UUID userId,
        String name,
        Sealed keyHash,
        String keyPrefix,
        List<ApiKeyScope> scopes,
        Instant expiresAt,
        Instant issuedAt) implements ApiKeyEvent {

    public ApiKeyIssued {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keyHash, "keyHash");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        scopes = scopes.stream().distinct().sorted().toList();
        Objects.requireNonNull(issuedAt, "issuedAt");
    }
}
