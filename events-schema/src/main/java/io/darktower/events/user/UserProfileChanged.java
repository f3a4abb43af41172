package io.darktower.events.user;

import io.darktower.events.Personal;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** The profile as it now is: display name and the free-form metadata object (the seed's {@code users.metadata}). */
public record UserProfileChanged(
        UUID userId,
        @Personal(subject = "userId") String displayName,
        @Personal(subject = "userId") Map<String, Object> metadata,
        Instant changedAt) implements UserEvent {

    public UserProfileChanged {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(displayName, "displayName");
        metadata = metadata == null ? Map.of() : metadata;
        Objects.requireNonNull(changedAt, "changedAt");
    }
}
