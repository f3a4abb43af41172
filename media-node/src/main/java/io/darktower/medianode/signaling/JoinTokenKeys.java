package io.darktower.medianode.signaling;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public keys that verify the gateway's join tokens, read from its JWKS ({@code /.well-known/jwks.json}, or a
 * {@code file:} URI of the same JSON). Kept in memory; read again when a token names a key not known yet (the gateway
 * rotated), at most once per {@code minReload} so forged key ids cannot make the node hammer the gateway. Blocking:
 * never called on an event loop.
 */
public final class JoinTokenKeys {

    private static final Logger log = LoggerFactory.getLogger(JoinTokenKeys.class);

    private final URI jwks;
    private final Duration minReload;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Map<String, ECKey> keys = Map.of();
    private long loadedAt = Long.MIN_VALUE;

    public JoinTokenKeys(URI jwks, Duration minReload) {
        this.jwks = jwks;
        this.minReload = minReload;
    }

    /** The key of that id, reading the JWKS again if it is unknown and was not read within {@code minReload}. */
    public synchronized Optional<ECKey> key(String keyId) {
        if (keyId == null) {
            return Optional.empty();
        }
        ECKey known = keys.get(keyId);
        if (known == null && (loadedAt == Long.MIN_VALUE || System.nanoTime() - loadedAt >= minReload.toNanos())) {
            reload();
            known = keys.get(keyId);
        }
        return Optional.ofNullable(known);
    }

    private void reload() {
        loadedAt = System.nanoTime();
        try {
            JWKSet set = JWKSet.parse(read());
            Map<String, ECKey> next = new HashMap<>();
            for (JWK key : set.getKeys()) {
                if (key instanceof ECKey ec && key.getKeyID() != null) {
                    next.put(key.getKeyID(), ec);
                }
            }
            keys = Map.copyOf(next);
        } catch (Exception e) {
            log.warn("could not read the join tokens' keys from {}: {}", jwks, e.toString());
        }
    }

    private String read() throws Exception {
        if ("http".equals(jwks.getScheme()) || "https".equals(jwks.getScheme())) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(jwks).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("answered " + response.statusCode());
            }
            return response.body();
        }
        try (InputStream in = jwks.toURL().openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
