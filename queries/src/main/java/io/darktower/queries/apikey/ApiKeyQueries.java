package io.darktower.queries.apikey;

import static io.darktower.queries.ReadTimes.instant;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads API keys from the PostgreSQL read model, without blocking. Never returns a hash. */
@Service
public class ApiKeyQueries {

    private static final String COLUMNS =
            "k.key_id, k.user_id, k.name, k.key_prefix, k.scopes, k.is_active, k.last_used_at, k.expires_at, k.created_at";

    private final DatabaseClient db;

    public ApiKeyQueries(DatabaseClient db) {
        this.db = db;
    }

    /** A user's keys, oldest first, revoked and expired ones included. */
    public Flux<ApiKeyView> keysOf(UUID userId) {
        return db.sql("SELECT " + COLUMNS + " FROM api_keys k WHERE k.user_id = :user ORDER BY k.created_at, k.key_id")
                .bind("user", userId)
                .map(ApiKeyQueries::view)
                .all();
    }

    /**
     * The key whose secret hashes to {@code keyHash}, if it authenticates at {@code now}: not revoked, not expired,
     * and its user not deactivated.
     */
    public Mono<ApiKeyView> authenticating(String keyHash, Instant now) {
        return db.sql("SELECT " + COLUMNS + """
                         FROM api_keys k JOIN users u ON u.user_id = k.user_id
                        WHERE k.key_hash = :hash AND k.is_active AND u.is_active
                          AND (k.expires_at IS NULL OR k.expires_at > :now)""")
                .bind("hash", keyHash)
                .bind("now", now.atOffset(ZoneOffset.UTC))
                .map(ApiKeyQueries::view)
                .one();
    }

    private static ApiKeyView view(Readable row) {
        String[] scopes = row.get("scopes", String[].class);
        return new ApiKeyView(
                row.get("key_id", UUID.class),
                row.get("user_id", UUID.class),
                row.get("name", String.class),
                row.get("key_prefix", String.class),
                scopes == null ? List.of() : Arrays.asList(scopes),
                Boolean.TRUE.equals(row.get("is_active", Boolean.class)),
                instant(row, "last_used_at"),
                instant(row, "expires_at"),
                instant(row, "created_at"));
    }
}
