package io.darktower.gateway.apikey;

import io.darktower.gateway.api.Caller;
import io.darktower.queries.apikey.ApiKeyQueries;
import io.darktower.queries.apikey.ApiKeyView;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Who an API key is: the key's user, with the key's scopes. A key is found by its hash in the read model's
 * {@code api_keys} (active, not expired, of an active user), and each use is recorded ({@link ApiKeyUsage}). Used by the
 * security chain for {@code Authorization: Bearer dtk_…} and by the client-credentials grant.
 */
@Component
public class ApiKeyAuthentication {

    private final ApiKeyQueries keys;
    private final ApiKeyUsage usage;
    private final Clock clock = Clock.systemUTC();

    public ApiKeyAuthentication(ApiKeyQueries keys, ApiKeyUsage usage) {
        this.keys = keys;
        this.usage = usage;
    }

    /** Whether a bearer value is meant as an API key (rather than a signed token). */
    public static boolean isApiKey(String bearer) {
        return bearer != null && bearer.startsWith(ApiKeySecrets.SCHEME);
    }

    /** The key as it authenticates now; empty when it is malformed, unknown, revoked, expired or its user deactivated. */
    public Mono<ApiKeyView> find(String secret) {
        if (!ApiKeySecrets.looksLikeSecret(secret)) {
            return Mono.empty();
        }
        Instant now = clock.instant();
        return keys.authenticating(ApiKeySecrets.hash(secret), now)
                .doOnNext(key -> usage.used(key.keyId(), now));
    }

    /** The caller a key authenticates as; empty as for {@link #find}. */
    public Mono<Caller> authenticate(String secret) {
        return find(secret).map(ApiKeyAuthentication::caller);
    }

    static Caller caller(ApiKeyView key) {
        return new Caller(Caller.Kind.API_KEY, key.userId(), key.keyId().toString(), new HashSet<>(key.scopes()), false,
                null, null);
    }
}
