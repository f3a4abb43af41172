package io.darktower.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets (password hashes, OAuth tokens, API-key hashes) before they enter an event, which is kept forever,
 * and opens them where they are needed (the aggregate that checks a password, the projection that writes the hash
 * column). AES-256-GCM with a random IV per value; new values use the active key, old values name their own key,
 * so a key can be rotated by adding a new one and making it active while the old one stays to open what it sealed.
 *
 * <p>Each value is bound to a {@code context} (e.g. {@code "user:<id>:password-hash"}) as additional authenticated
 * data: a ciphertext copied into another user's event, or into another field, does not open.
 */
public final class Keyring {

    /** AES-256. */
    public static final int KEY_BYTES = 32;
    private static final int MAX_KEY_ID = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, SecretKeySpec> keys;
    private final String activeKeyId;

    private Keyring(Map<String, SecretKeySpec> keys, String activeKeyId) {
        this.keys = keys;
        this.activeKeyId = activeKeyId;
    }

    /**
     * @param keys        key id → 256-bit key; ids are 1 to 64 characters of {@code [A-Za-z0-9._-]}
     * @param activeKeyId the key new values are sealed with; one of {@code keys}
     */
    public static Keyring of(Map<String, byte[]> keys, String activeKeyId) {
        Objects.requireNonNull(activeKeyId, "activeKeyId");
        Map<String, SecretKeySpec> specs = new LinkedHashMap<>();
        keys.forEach((id, key) -> {
            if (!id.matches("[A-Za-z0-9._-]{1," + MAX_KEY_ID + "}")) {
                throw new IllegalArgumentException("key id '" + id + "' must be 1 to " + MAX_KEY_ID + " of [A-Za-z0-9._-]");
            }
            if (key == null || key.length != KEY_BYTES) {
                throw new IllegalArgumentException("key '" + id + "' must be " + KEY_BYTES + " bytes (256 bits)");
            }
            specs.put(id, new SecretKeySpec(key.clone(), "AES"));
        });
        if (!specs.containsKey(activeKeyId)) {
            throw new IllegalArgumentException("the active key '" + activeKeyId + "' is not among the keys " + specs.keySet());
        }
        return new Keyring(Map.copyOf(specs), activeKeyId);
    }

    /** As {@link #of}, with keys as base64 text (standard or URL alphabet), as configuration gives them. */
    public static Keyring ofBase64(Map<String, String> keys, String activeKeyId) {
        Map<String, byte[]> decoded = new LinkedHashMap<>();
        keys.forEach((id, text) -> {
            try {
                decoded.put(id, decode(text.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("key '" + id + "' is not base64", e);
            }
        });
        return of(decoded, activeKeyId);
    }

    private static byte[] decode(String text) {
        return text.indexOf('-') >= 0 || text.indexOf('_') >= 0
                ? Base64.getUrlDecoder().decode(text) : Base64.getDecoder().decode(text);
    }

    /** A fresh random 256-bit key, base64: what an operator puts into {@code darktower.crypto.keys.<id>}. */
    public static String newKeyBase64() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    public String activeKeyId() {
        return activeKeyId;
    }

    public Set<String> keyIds() {
        return keys.keySet();
    }

    /** Seals {@code plaintext} with the active key, bound to {@code context}. */
    public Sealed seal(String plaintext, String context) {
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] id = activeKeyId.getBytes(StandardCharsets.UTF_8);
        byte[] iv = new byte[Sealed.IV_LENGTH];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(Sealed.TAG_LENGTH * 8, iv));
            byte[] header = header(id);
            cipher.updateAAD(header);
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] ciphertext = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return Sealed.of(ByteBuffer.allocate(header.length + iv.length + ciphertext.length)
                    .put(header).put(iv).put(ciphertext).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** Seals {@code plaintext}, or null for null. */
    public Sealed sealNullable(String plaintext, String context) {
        return plaintext == null ? null : seal(plaintext, context);
    }

    /**
     * Opens a sealed value.
     *
     * @throws Unreadable when its key is not in this keyring, or it was altered, or sealed for another context
     */
    public String open(Sealed sealed, String context) {
        byte[] raw = sealed.raw();
        SecretKeySpec key = keys.get(sealed.keyId());
        if (key == null) {
            throw new Unreadable("sealed with key '" + sealed.keyId() + "', which this keyring does not hold");
        }
        int header = sealed.headerLength();
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(Sealed.TAG_LENGTH * 8, raw, header, Sealed.IV_LENGTH));
            cipher.updateAAD(raw, 0, header);
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(raw, header + Sealed.IV_LENGTH, raw.length - header - Sealed.IV_LENGTH);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new Unreadable("sealed value altered, or sealed for another context than " + context);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** Opens a sealed value, or null for null. */
    public String openNullable(Sealed sealed, String context) {
        return sealed == null ? null : open(sealed, context);
    }

    private static byte[] header(byte[] keyId) {
        byte[] header = new byte[2 + keyId.length];
        header[0] = Sealed.FORMAT;
        header[1] = (byte) keyId.length;
        System.arraycopy(keyId, 0, header, 2, keyId.length);
        return header;
    }

    @Override
    public String toString() {
        return "Keyring[active=" + activeKeyId + ", keys=" + keys.keySet() + "]";
    }

    /** A sealed value this keyring cannot or must not open. */
    public static final class Unreadable extends RuntimeException {
        public Unreadable(String message) {
            super(message, null, false, false);
        }
    }
}
