package io.darktower.events.user;

import io.darktower.events.Personal;
import io.darktower.crypto.Sealed;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An account was opened. {@code email} is normalised (lower case) and unique; {@code passwordHash} is the sealed
 * Argon2id hash, null for accounts that sign in only through an OAuth provider.
 */
public record UserRegistered(
        UUID userId,
        @Personal(subject = "userId", erased = "erased-{subject}@invalid") String email,
        @Personal(subject = "userId") String displayName,
        Sealed passwordHash,
        Instant registeredAt) implements UserEvent {

    public UserRegistered {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(registeredAt, "registeredAt");
    }
}
