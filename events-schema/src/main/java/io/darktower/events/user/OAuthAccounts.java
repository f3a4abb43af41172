package io.darktower.events.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** How a provider account is named where it must be unique across users (the write side's claim on it). */
public final class OAuthAccounts {

    /** The longest claimable value (the claims table's column). */
    private static final int MAX = 255;

    private OAuthAccounts() {
    }

    /** {@code provider:providerUserId}, or, when that is too long to claim, the provider with a SHA-256 of the id. */
    public static String identity(String provider, String providerUserId) {
        String plain = provider + ":" + providerUserId;
        if (plain.length() <= MAX) {
            return plain;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(providerUserId.getBytes(StandardCharsets.UTF_8));
            return provider + ":#sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
