package io.darktower.commands.crypto;

import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The keys that seal secrets in events ({@code darktower.crypto.*}).
 *
 * <p>Production: {@code darktower.crypto.keys.<id>=<base64 of 32 random bytes>} (one or more; e.g. from
 * {@code DARKTOWER_CRYPTO_KEYS_<ID>} environment variables or a secret store) and {@code darktower.crypto.active-key=<id>}.
 * To rotate: add a new key, make it active, keep the old ones as long as anything sealed with them is read.
 *
 * <p>Local runs and tests: with no keys configured, {@code local-key-file} is read, or created with a fresh random
 * key on the first start, so a local platform works out of the box and keeps reading what it sealed. It is never
 * used when keys are configured; set it empty in production so a missing key stops the start instead.
 *
 * @param keys         key id → base64 256-bit key
 * @param activeKey    the id of the key new values are sealed with
 * @param localKeyFile where the local key lives when no keys are configured (a properties file, owner-only)
 */
@ConfigurationProperties("darktower.crypto")
public record CryptoProperties(Map<String, String> keys, String activeKey, Path localKeyFile) {

    public CryptoProperties {
        keys = keys == null ? Map.of() : Map.copyOf(keys);
    }
}
