package io.darktower.projections.history;

import io.darktower.events.apikey.ApiKeyEvent;
import io.darktower.events.apikey.ApiKeyIssued;
import io.darktower.events.apikey.ApiKeyPurged;
import io.darktower.events.apikey.ApiKeyRevoked;
import io.darktower.events.apikey.ApiKeyScope;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An API key as its events left it after one step: whose, what it may do, until when; never its (sealed) hash,
 * only the prefix its owner sees.
 *
 * @param scopes the scopes' wire values ({@code meetings:create}, ...)
 */
public record ApiKeyState(
        UUID userId,
        String name,
        String keyPrefix,
        List<String> scopes,
        Instant issuedAt,
        Instant expiresAt,
        Instant revokedAt) {

    public ApiKeyState {
        scopes = List.copyOf(scopes);
    }

    static ApiKeyState none() {
        return new ApiKeyState(null, null, null, List.of(), null, null, null);
    }

    ApiKeyState apply(ApiKeyEvent event) {
        return switch (event) {
            case ApiKeyIssued e -> new ApiKeyState(e.userId(), e.name(), e.keyPrefix(),
                    e.scopes().stream().map(ApiKeyScope::wire).toList(), e.issuedAt(), e.expiresAt(), null);
            case ApiKeyRevoked e -> new ApiKeyState(userId, name, keyPrefix, scopes, issuedAt, expiresAt, e.revokedAt());
            // retention removed its row from the read model; the key itself was already expired or revoked
            case ApiKeyPurged e -> this;
        };
    }
}
