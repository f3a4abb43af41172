package io.darktower.queries.user;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A user as the read model has it, without the password hash and without the provider tokens. */
public record UserView(
        UUID userId,
        String email,
        String displayName,
        boolean hasPassword,
        boolean active,
        Map<String, Object> metadata,
        Instant createdAt,
        Instant updatedAt,
        Instant lastLoginAt,
        List<LinkedProvider> oauthProviders) {

    UserView withProviders(List<LinkedProvider> providers) {
        return new UserView(userId, email, displayName, hasPassword, active, metadata, createdAt, updatedAt, lastLoginAt,
                List.copyOf(providers));
    }

    /** A linked provider account; its tokens stay in the read model, sealed. */
    public record LinkedProvider(String provider, String providerUserId, Instant tokenExpiresAt, Instant linkedAt) {
    }
}
