package io.darktower.events.user;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** The user proved their password; the seed's {@code users.last_login_at}. */
public record UserLoggedIn(UUID userId, Instant loggedInAt) implements UserEvent {

    public UserLoggedIn {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(loggedInAt, "loggedInAt");
    }
}
