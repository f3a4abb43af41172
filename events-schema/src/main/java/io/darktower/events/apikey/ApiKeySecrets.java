package io.darktower.events.apikey;

import java.util.UUID;

/** The context a key's sealed hash is bound to (see {@code io.darktower.crypto.Keyring}). */
public final class ApiKeySecrets {

    private ApiKeySecrets() {
    }

    public static String keyHash(UUID keyId) {
        return "api-key:" + keyId + ":key-hash";
    }
}
