package io.darktower.commands.user;

import io.darktower.commands.validation.StorableInstant;
import io.darktower.commands.validation.Text;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Link a provider account (or refresh its tokens). The provider account must not be linked to another user. Tokens
 * are sealed before they enter an event; its text form hides them.
 */
public record LinkOAuthProvider(
        @TargetAggregateIdentifier @NotNull UUID userId,
        @Text(max = User.MAX_PROVIDER, required = true) @Pattern(regexp = User.PROVIDER_PATTERN) String provider,
        @Text(max = User.MAX_PROVIDER_USER_ID, required = true) String providerUserId,
        @Text(max = User.MAX_TOKEN) String accessToken,
        @Text(max = User.MAX_TOKEN) String refreshToken,
        @StorableInstant Instant tokenExpiresAt,
        @NotNull @StorableInstant Instant requestedAt) {

    @Override
    public String toString() {
        return "LinkOAuthProvider[userId=" + userId + ", provider=" + provider + ", tokens=***]";
    }
}
