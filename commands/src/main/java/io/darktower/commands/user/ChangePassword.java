package io.darktower.commands.user;

import io.darktower.commands.validation.StorableInstant;
import io.darktower.commands.validation.Text;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Replace the password. {@code oldPassword} must match the current one; it is null only for an account that has
 * none yet (OAuth only). Its text form hides both.
 */
public record ChangePassword(
        @TargetAggregateIdentifier @NotNull UUID userId,
        @Text(max = User.MAX_PASSWORD) String oldPassword,
        @Text(max = User.MAX_PASSWORD, required = true) @Size(min = User.MIN_PASSWORD) String newPassword,
        @NotNull @StorableInstant Instant requestedAt) {

    @Override
    public String toString() {
        return "ChangePassword[userId=" + userId + ", passwords=***]";
    }
}
