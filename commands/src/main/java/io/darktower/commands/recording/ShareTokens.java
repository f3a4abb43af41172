package io.darktower.commands.recording;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Access tokens of sharing links: 32 bytes from {@link SecureRandom} (256 bits, unguessable), base64url without
 * padding (43 characters, safe in a URL). Only the token's SHA-256 in lower-case hex (64 characters) is ever stored:
 * in the {@code RecordingShared} event and in {@code recordings.access_token}. A presented link is verified by hashing
 * its token the same way and comparing. A fast hash is enough: the token has 256 bits of entropy, nothing to
 * brute-force, unlike a password.
 */
public final class ShareTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TOKEN_BYTES = 32;

    private ShareTokens() {
    }

    public static String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** What is stored for {@code token}: its SHA-256 in lower-case hex. */
    public static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
