package io.darktower.events.user;

import io.darktower.crypto.Sealed;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** The account's password was set or replaced; the new hash, sealed. */
public record UserPasswordChanged(UUID userId, Sealed passwordHash, Instant changedAt) implements UserEvent {

    public UserPasswordChanged {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(changedAt, "changedAt");
    }
}
