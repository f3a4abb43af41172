package io.darktower.projections.history;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What signs an export's header, or checks its signature, read from a key file:
 * <ul>
 *   <li>an Ed25519 private key (PEM {@code BEGIN PRIVATE KEY}, as {@code openssl genpkey -algorithm ed25519} writes
 *       it) signs; the auditor verifies with its public key (PEM {@code BEGIN PUBLIC KEY}) and cannot forge one;</li>
 *   <li>any other file is an HMAC-SHA256 secret of at least 32 bytes, used as is: whoever verifies holds the secret.</li>
 * </ul>
 */
public sealed interface ExportKey {

    String ED25519 = "Ed25519";
    String HMAC = "HmacSHA256";
    int MIN_SECRET_BYTES = 32;

    String algorithm();

    /** The signature of {@code content}, base64; refused by a key that only verifies. */
    String sign(byte[] content);

    boolean verifies(byte[] content, String signature);

    static ExportKey read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.US_ASCII);
        try {
            if (text.contains("-----BEGIN PRIVATE KEY-----")) {
                return new Ed25519Private(KeyFactory.getInstance(ED25519)
                        .generatePrivate(new PKCS8EncodedKeySpec(pem(text, "PRIVATE KEY"))));
            }
            if (text.contains("-----BEGIN PUBLIC KEY-----")) {
                return new Ed25519Public(KeyFactory.getInstance(ED25519)
                        .generatePublic(new X509EncodedKeySpec(pem(text, "PUBLIC KEY"))));
            }
        } catch (GeneralSecurityException e) {
            throw new IOException(file + " is not an Ed25519 key: " + e.getMessage(), e);
        }
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IOException(file + " holds " + bytes.length + " bytes; an HMAC secret needs at least " + MIN_SECRET_BYTES);
        }
        return new HmacSecret(bytes.clone());
    }

    private static byte[] pem(String text, String label) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        String body = text.substring(text.indexOf(begin) + begin.length(), text.indexOf(end));
        return Base64.getMimeDecoder().decode(body);
    }

    record HmacSecret(byte[] secret) implements ExportKey {
        public String algorithm() {
            return HMAC;
        }

        public String sign(byte[] content) {
            try {
                Mac mac = Mac.getInstance(HMAC);
                mac.init(new SecretKeySpec(secret, HMAC));
                return Base64.getEncoder().encodeToString(mac.doFinal(content));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        public boolean verifies(byte[] content, String signature) {
            return MessageDigest.isEqual(sign(content).getBytes(StandardCharsets.US_ASCII),
                    signature.getBytes(StandardCharsets.US_ASCII));
        }
    }

    record Ed25519Private(PrivateKey key) implements ExportKey {
        public String algorithm() {
            return ED25519;
        }

        public String sign(byte[] content) {
            try {
                Signature signer = Signature.getInstance(ED25519);
                signer.initSign(key);
                signer.update(content);
                return Base64.getEncoder().encodeToString(signer.sign());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        public boolean verifies(byte[] content, String signature) {
            throw new IllegalArgumentException("a private key signs; verify with its public key (BEGIN PUBLIC KEY)");
        }
    }

    record Ed25519Public(PublicKey key) implements ExportKey {
        public String algorithm() {
            return ED25519;
        }

        public String sign(byte[] content) {
            throw new IllegalArgumentException("a public key only verifies; sign with the private key");
        }

        public boolean verifies(byte[] content, String signature) {
            try {
                Signature verifier = Signature.getInstance(ED25519);
                verifier.initVerify(key);
                verifier.update(content);
                return verifier.verify(Base64.getDecoder().decode(signature));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                return false;
            }
        }
    }
}
