package io.darktower.events.user;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A sign-in to this account was refused: a fact for the audit trail (where it was tried from is in the envelope's
 * metadata). Recorded instead of thrown, so the refusal is stored rather than rolled back with the command.
 */
public record UserLoginFailed(UUID userId, LoginFailure reason, Instant failedAt) implements UserEvent {

    public UserLoginFailed {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(failedAt, "failedAt");
    }
}
