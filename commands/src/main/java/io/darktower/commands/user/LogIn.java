package io.darktower.commands.user;

import io.darktower.commands.validation.StorableInstant;
import io.darktower.commands.validation.Text;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Sign in with a password. Answered with a {@link LoginOutcome}, never refused: a failure is a fact recorded as an
 * event. Its text form hides the password.
 */
public record LogIn(
        @TargetAggregateIdentifier @NotNull UUID userId,
        @NotNull @Text(max = User.MAX_PASSWORD) String password,
        @NotNull @StorableInstant Instant requestedAt) {

    @Override
    public String toString() {
        return "LogIn[userId=" + userId + ", password=***]";
    }
}
