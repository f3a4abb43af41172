package io.darktower.gateway.apikey;

import io.darktower.gateway.auth.TokenHashes;

/**
 * API-key secrets: {@code dtk_} and 32 random bytes in base64url (256 bits, so a fast hash is safe to store: nothing
 * can be guessed back from it). Only {@link #hash} and {@link #prefix} leave the edge.
 */
final class ApiKeySecrets {

    static final String SCHEME = "dtk_";
    /** {@code dtk_} and 8 characters: enough for a person to tell keys apart, 48 bits short of the secret's 256. */
    static final int PREFIX_LENGTH = 12;

    private ApiKeySecrets() {
    }

    static String newSecret() {
        return TokenHashes.randomToken(SCHEME);
    }

    /** Whether {@code value} has the shape of a secret (so nothing else is hashed and looked up). */
    static boolean looksLikeSecret(String value) {
        return value != null && value.length() == SCHEME.length() + 43 && value.startsWith(SCHEME)
                && value.substring(SCHEME.length()).chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_');
    }

    /** SHA-256 of the secret, hex: what {@code api_keys.key_hash} holds and a presented key is looked up by. */
    static String hash(String secret) {
        return TokenHashes.sha256(secret);
    }

    static String prefix(String secret) {
        return secret.substring(0, PREFIX_LENGTH);
    }
}
