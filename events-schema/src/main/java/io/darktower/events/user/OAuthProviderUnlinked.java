package io.darktower.events.user;

import io.darktower.events.Personal;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** The link to {@code provider} is gone; its provider account may be linked by another user. */
public record OAuthProviderUnlinked(
        UUID userId,
        String provider,
        @Personal(subject = "userId", erased = "erased-{subject}") String providerUserId,
        Instant unlinkedAt)
        implements UserEvent {

    public OAuthProviderUnlinked {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(providerUserId, "providerUserId");
        Objects.requireNonNull(unlinkedAt, "unlinkedAt");
    }

    /** As {@link OAuthProviderLinked#identity()}. */
    public String identity() {
        return OAuthAccounts.identity(provider, providerUserId);
    }
}
