package io.darktower.events.user;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** The account can no longer sign in or change ({@code users.is_active = false}). */
public record UserDeactivated(UUID userId, Instant deactivatedAt) implements UserEvent {

    public UserDeactivated {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(deactivatedAt, "deactivatedAt");
    }
}
