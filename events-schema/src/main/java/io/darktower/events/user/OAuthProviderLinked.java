package io.darktower.events.user;

import io.darktower.events.Personal;
import io.darktower.crypto.Sealed;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The user signs in through {@code provider} as {@code providerUserId} (unique across users), with the provider's
 * tokens sealed. Linked again with new tokens when they are refreshed.
 */
public record OAuthProviderLinked(
        UUID userId,
        String provider,
        @Personal(subject = "userId", erased = "erased-{subject}") String providerUserId,
        Sealed accessToken,
        Sealed refreshToken,
        Instant tokenExpiresAt,
        Instant linkedAt) implements UserEvent {

    public OAuthProviderLinked {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(providerUserId, "providerUserId");
        Objects.requireNonNull(linkedAt, "linkedAt");
    }

    /** The value unique across users: one provider account belongs to one user. */
    public String identity() {
        return OAuthAccounts.identity(provider, providerUserId);
    }
}
