package io.darktower.events.user;

import java.util.UUID;

/**
 * The context each sealed field of a user event is bound to (the additional authenticated data of its ciphertext),
 * defined once for the aggregate that seals and the projection that opens: a value copied to another user or
 * field does not open.
 */
public final class UserSecrets {

    private UserSecrets() {
    }

    public static String passwordHash(UUID userId) {
        return "user:" + userId + ":password-hash";
    }

    public static String oauthAccessToken(UUID userId, String provider) {
        return "user:" + userId + ":oauth:" + provider + ":access-token";
    }

    public static String oauthRefreshToken(UUID userId, String provider) {
        return "user:" + userId + ":oauth:" + provider + ":refresh-token";
    }
}
