package io.darktower.queries.user;

import static io.darktower.queries.ReadTimes.instant;

import com.fasterxml.jackson.core.type.TypeReference;
import io.darktower.events.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** Reads users from the PostgreSQL read model, without blocking. Never selects the password hash or tokens. */
@Service
public class UserQueries {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final DatabaseClient db;

    public UserQueries(DatabaseClient db) {
        this.db = db;
    }

    public Mono<UserView> findUser(UUID userId) {
        Mono<List<UserView.LinkedProvider>> providers = db.sql("""
                        SELECT provider, provider_user_id, token_expires_at, created_at FROM oauth_providers
                        WHERE user_id = :id ORDER BY provider, id""")
                .bind("id", userId)
                .map(row -> new UserView.LinkedProvider(row.get("provider", String.class),
                        row.get("provider_user_id", String.class), instant(row, "token_expires_at"), instant(row, "created_at")))
                .all()
                .collectList();
        return db.sql("""
                        SELECT user_id, email, display_name, password_hash IS NOT NULL AS has_password, is_active,
                            metadata::text AS metadata, created_at, updated_at, last_login_at
                        FROM users WHERE user_id = :id""")
                .bind("id", userId)
                .map(row -> new UserView(
                        row.get("user_id", UUID.class),
                        row.get("email", String.class),
                        row.get("display_name", String.class),
                        Boolean.TRUE.equals(row.get("has_password", Boolean.class)),
                        Boolean.TRUE.equals(row.get("is_active", Boolean.class)),
                        metadata(row.get("metadata", String.class)),
                        instant(row, "created_at"),
                        instant(row, "updated_at"),
                        instant(row, "last_login_at"),
                        List.of()))
                .one()
                .zipWith(providers, UserView::withProviders);
    }

    /** The account registered with {@code email} (compared lower case, as registered). */
    public Mono<UUID> findUserIdByEmail(String email) {
        return db.sql("SELECT user_id FROM users WHERE email = :email")
                .bind("email", email.toLowerCase(Locale.ROOT))
                .map(row -> row.get("user_id", UUID.class))
                .one();
    }

    /** Whether the read model knows the user and the user is active. */
    public Mono<Boolean> isActive(UUID userId) {
        return db.sql("SELECT is_active FROM users WHERE user_id = :id")
                .bind("id", userId)
                .map(row -> Boolean.TRUE.equals(row.get("is_active", Boolean.class)))
                .one()
                .defaultIfEmpty(false);
    }

    private static Map<String, Object> metadata(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return EventJson.mapper().readValue(json, OBJECT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
