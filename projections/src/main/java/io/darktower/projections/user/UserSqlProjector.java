package io.darktower.projections.user;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.darktower.crypto.Keyring;
import io.darktower.events.AggregateType;
import io.darktower.events.Aggregates;
import io.darktower.events.EventEnvelope;
import io.darktower.events.EventJson;
import io.darktower.events.Personal;
import io.darktower.events.user.OAuthProviderLinked;
import io.darktower.events.user.OAuthProviderUnlinked;
import io.darktower.events.user.UserDeactivated;
import io.darktower.events.user.UserErased;
import io.darktower.events.user.UserEvent;
import io.darktower.events.user.UserLoggedIn;
import io.darktower.events.user.UserLoginFailed;
import io.darktower.events.user.UserPasswordChanged;
import io.darktower.events.user.UserProfileChanged;
import io.darktower.events.user.UserRegistered;
import io.darktower.events.user.UserSecrets;
import io.darktower.projections.runtime.SqlProjector;
import io.darktower.projections.runtime.SqlWriter;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The seed's {@code users} and {@code oauth_providers} tables. {@code users.password_hash} receives the Argon2id hash
 * (opened from its sealed form: the column is the seed's contract); the OAuth token columns receive the sealed bytes
 * as they are (key id included), so tokens are never open at rest. {@code updated_at} is kept by the seed's triggers.
 */
public final class UserSqlProjector implements SqlProjector<UserEvent> {

    public static final String NAME = "user-sql";
    /** The erased account's display name. */
    public static final String ERASED_NAME = "Erased user";

    private final Keyring keyring;

    public UserSqlProjector(Keyring keyring) {
        this.keyring = keyring;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AggregateType<UserEvent> aggregate() {
        return Aggregates.USER;
    }

    @Override
    public List<String> tables() {
        return List.of("users", "oauth_providers");
    }

    @Override
    public void project(UserEvent event, EventEnvelope envelope, SqlWriter sql) throws SQLException {
        switch (event) {
            case UserRegistered e -> sql.update("""
                    INSERT INTO users (user_id, email, display_name, password_hash, created_at, updated_at,
                        last_login_at, is_active, metadata)
                    VALUES (?, ?, ?, ?, ?, ?, NULL, true, '{}'::jsonb)""",
                    e.userId(), e.email(), e.displayName(),
                    keyring.openNullable(e.passwordHash(), UserSecrets.passwordHash(e.userId())),
                    e.registeredAt(), e.registeredAt());
            case UserProfileChanged e -> sql.update(
                    "UPDATE users SET display_name = ?, metadata = ?::jsonb WHERE user_id = ?",
                    e.displayName(), json(e.metadata()), e.userId());
            case UserPasswordChanged e -> sql.update("UPDATE users SET password_hash = ? WHERE user_id = ?",
                    keyring.open(e.passwordHash(), UserSecrets.passwordHash(e.userId())), e.userId());
            case UserLoggedIn e -> sql.update("UPDATE users SET last_login_at = ? WHERE user_id = ?",
                    e.loggedInAt(), e.userId());
            case UserLoginFailed e -> {
                // a fact for the audit trail; no column of users changes
            }
            case UserDeactivated e -> sql.update("UPDATE users SET is_active = false WHERE user_id = ?", e.userId());
            // one row per provider account: a link taken over from another user (who unlinked it, in another
            // partition) replaces that user's row only if it is newer, so the order across users does not matter
            case OAuthProviderLinked e -> sql.update("""
                    INSERT INTO oauth_providers (user_id, provider, provider_user_id, access_token_encrypted,
                        refresh_token_encrypted, token_expires_at, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (provider, provider_user_id) DO UPDATE SET
                        access_token_encrypted = EXCLUDED.access_token_encrypted,
                        refresh_token_encrypted = EXCLUDED.refresh_token_encrypted,
                        token_expires_at = EXCLUDED.token_expires_at,
                        created_at = CASE WHEN oauth_providers.user_id = EXCLUDED.user_id
                            THEN oauth_providers.created_at ELSE EXCLUDED.created_at END,
                        user_id = EXCLUDED.user_id
                    WHERE oauth_providers.user_id = EXCLUDED.user_id OR oauth_providers.created_at <= EXCLUDED.created_at""",
                    e.userId(), e.provider(), e.providerUserId(),
                    e.accessToken() == null ? null : e.accessToken().bytes(),
                    e.refreshToken() == null ? null : e.refreshToken().bytes(),
                    e.tokenExpiresAt(), e.linkedAt(), e.linkedAt());
            // the account's rows are anonymised, not deleted: meetings, recordings and the audit trail point at it;
            // its events now read as erased too, so a rebuild writes the same (docs/history.md, "Erasure")
            case UserErased e -> {
                sql.update("""
                        UPDATE users SET email = ?, display_name = ?, password_hash = NULL, metadata = '{}'::jsonb,
                            is_active = false WHERE user_id = ?""", erasedEmail(e.userId()), ERASED_NAME, e.userId());
                sql.update("DELETE FROM oauth_providers WHERE user_id = ?", e.userId());
                sql.update("""
                        UPDATE meeting_participants SET display_name = ?, ip_address = NULL, user_agent = NULL
                        WHERE user_id = ?""", Personal.ERASED, e.userId());
            }
            case OAuthProviderUnlinked e -> sql.update(
                    "DELETE FROM oauth_providers WHERE user_id = ? AND provider = ? AND provider_user_id = ?",
                    e.userId(), e.provider(), e.providerUserId());
        }
    }

    /** The erased account's email: what its {@link UserRegistered} reads as once erased, unique like any email. */
    static String erasedEmail(UUID userId) {
        return "erased-" + userId + "@invalid";
    }

    private static String json(Map<String, Object> metadata) {
        try {
            return EventJson.mapper().writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("metadata is not JSON", e);
        }
    }
}
