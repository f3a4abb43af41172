package io.darktower.commands.user;

import io.darktower.commands.validation.StorableInstant;
import io.darktower.commands.validation.Text;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Open an account. The email is compared lower case and must not belong to another account; {@code password} is null
 * for accounts that sign in through an OAuth provider only. Its text form hides the password.
 */
public record RegisterUser(
        @TargetAggregateIdentifier @NotNull UUID userId,
        @Text(max = User.MAX_EMAIL, required = true) @Email String email,
        @Text(max = User.MAX_NAME, required = true) String displayName,
        @Text(max = User.MAX_PASSWORD) @Size(min = User.MIN_PASSWORD) String password,
        @NotNull @StorableInstant Instant requestedAt) {

    public RegisterUser {
        email = User.normalisedEmail(email);
    }

    @Override
    public String toString() {
        return "RegisterUser[userId=" + userId + ", email=" + email + ", password=" + (password == null ? "none" : "***") + "]";
    }
}
