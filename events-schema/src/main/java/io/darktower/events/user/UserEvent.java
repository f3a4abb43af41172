package io.darktower.events.user;

import java.util.UUID;

/**
 * Every fact about one user account. Secrets (the password hash, OAuth tokens) appear only sealed
 * ({@link io.darktower.crypto.Sealed}): events are kept forever.
 */
public sealed interface UserEvent permits UserRegistered, UserProfileChanged, UserPasswordChanged, UserLoggedIn,
        UserLoginFailed, UserDeactivated, OAuthProviderLinked, OAuthProviderUnlinked, UserErased {

    UUID userId();
}
