package io.darktower.crypto;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A secret as events and read models keep it: AES-256-GCM ciphertext that names the key it was sealed with, so keys
 * can rotate while old values stay readable. On the wire (event JSON) it is one base64 string; in a {@code BYTEA}
 * column it is {@link #bytes()}. Its text form never shows the content.
 *
 * <p>Layout: {@code 0x01} (format), key id length (1 byte), key id (UTF-8), 12-byte IV, ciphertext with its 16-byte tag.
 */
public final class Sealed {

    static final byte FORMAT = 1;
    static final int IV_LENGTH = 12;
    static final int TAG_LENGTH = 16;

    private final byte[] bytes;

    private Sealed(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A sealed value read back from storage; its layout is checked, its integrity only by {@link Keyring#open}. */
    public static Sealed of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length < 2 || bytes[0] != FORMAT || bytes.length < 2 + (bytes[1] & 0xff) + IV_LENGTH + TAG_LENGTH) {
            throw new IllegalArgumentException("not a sealed value");
        }
        return new Sealed(bytes.clone());
    }

    @JsonCreator
    public static Sealed fromBase64(String base64) {
        return of(Base64.getDecoder().decode(base64));
    }

    @JsonValue
    public String base64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The stored form, e.g. for a {@code BYTEA} column. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The id of the key that sealed it. */
    public String keyId() {
        return new String(bytes, 2, bytes[1] & 0xff, StandardCharsets.UTF_8);
    }

    int headerLength() {
        return 2 + (bytes[1] & 0xff);
    }

    byte[] raw() {
        return bytes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Sealed sealed && Arrays.equals(bytes, sealed.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Sealed[key=" + keyId() + "]";
    }
}
