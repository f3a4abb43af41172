package io.darktower.commands.user;

import io.darktower.events.user.LoginFailure;
import java.util.UUID;

/** What a sign-in came to: {@code failure} is null when it succeeded. */
public record LoginOutcome(UUID userId, LoginFailure failure) {

    public boolean succeeded() {
        return failure == null;
    }
}
