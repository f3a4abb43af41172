package io.darktower.projections.apikey;

import io.darktower.crypto.Keyring;
import io.darktower.events.AggregateType;
import io.darktower.events.Aggregates;
import io.darktower.events.EventEnvelope;
import io.darktower.events.apikey.ApiKeyEvent;
import io.darktower.events.apikey.ApiKeyIssued;
import io.darktower.events.apikey.ApiKeyPurged;
import io.darktower.events.apikey.ApiKeyRevoked;
import io.darktower.events.apikey.ApiKeyScope;
import io.darktower.events.apikey.ApiKeySecrets;
import io.darktower.projections.runtime.SqlProjector;
import io.darktower.projections.runtime.SqlWriter;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The seed's {@code api_keys} table. {@code key_hash} receives the SHA-256 of the secret (opened from its sealed
 * form: it is what a presented key is looked up by). {@code last_used_at} is not an event's: the gateway's usage
 * writer keeps it, and nothing here overwrites it.
 */
public final class ApiKeySqlProjector implements SqlProjector<ApiKeyEvent> {

    public static final String NAME = "api-key-sql";

    private final Keyring keyring;

    public ApiKeySqlProjector(Keyring keyring) {
        this.keyring = keyring;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AggregateType<ApiKeyEvent> aggregate() {
        return Aggregates.API_KEY;
    }

    @Override
    public List<String> tables() {
        return List.of("api_keys");
    }

    @Override
    public void project(ApiKeyEvent event, EventEnvelope envelope, SqlWriter sql) throws SQLException {
        switch (event) {
            case ApiKeyIssued e -> sql.update("""
                    INSERT INTO api_keys (key_id, user_id, key_hash, key_prefix, name, scopes, is_active, last_used_at,
                        expires_at, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?::text[], true, NULL, ?, ?, ?)""",
                    e.keyId(), e.userId(), keyring.open(e.keyHash(), ApiKeySecrets.keyHash(e.keyId())), e.keyPrefix(),
                    e.name(), textArray(e.scopes()), e.expiresAt(), e.issuedAt(), e.issuedAt());
            case ApiKeyRevoked e -> sql.update("UPDATE api_keys SET is_active = false WHERE key_id = ?", e.keyId());
            case ApiKeyPurged e -> sql.update("DELETE FROM api_keys WHERE key_id = ?", e.keyId());
        }
    }

    /** A PostgreSQL array literal; scope wire values hold no quote, comma, brace or space. */
    private static String textArray(List<ApiKeyScope> scopes) {
        return scopes.stream().map(ApiKeyScope::wire).collect(Collectors.joining(",", "{", "}"));
    }
}
