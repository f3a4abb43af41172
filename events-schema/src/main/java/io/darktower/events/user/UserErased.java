package io.darktower.events.user;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The account's personal data is erased (GDPR): its subject key is deleted in the same transaction, so every personal
 * field ever sealed for the user reads as erased from now on, in every copy of the log; read models anonymise the
 * user's rows. Carries no personal data itself. Final: the account takes no command after it.
 */
public record UserErased(UUID userId, Instant erasedAt) implements UserEvent {

    public UserErased {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(erasedAt, "erasedAt");
    }
}
