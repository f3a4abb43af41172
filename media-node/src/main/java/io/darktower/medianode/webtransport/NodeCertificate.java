package io.darktower.medianode.webtransport;

import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The TLS identity of a media node: from configured PEM files in production, or generated at start in development —
 * an ECDSA P-256 certificate valid for at most 14 days, the only kind a browser accepts through WebTransport's
 * {@code serverCertificateHashes} (whose value is {@link #sha256()} of the leaf certificate).
 */
public record NodeCertificate(PrivateKey key, List<X509Certificate> chain) {

    /** The longest validity {@code serverCertificateHashes} accepts. */
    public static final Duration MAX_HASH_PINNED_VALIDITY = Duration.ofDays(14);

    public NodeCertificate {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs its leaf certificate");
        }
    }

    public X509Certificate leaf() {
        return chain.getFirst();
    }

    /** SHA-256 of the leaf certificate's DER encoding: what a browser pins. */
    public byte[] sha256() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(leaf().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String sha256Hex() {
        return HexFormat.of().formatHex(sha256());
    }

    /** A self-signed ECDSA P-256 certificate for {@code names} (DNS names or IP addresses), valid for {@code validity}. */
    public static NodeCertificate generate(List<String> names, Duration validity) {
        if (validity.compareTo(MAX_HASH_PINNED_VALIDITY) > 0) {
            throw new IllegalArgumentException("a pinned certificate is valid for at most 14 days, not " + validity);
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=" + names.getFirst());
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity).minus(Duration.ofMinutes(5))),
                    subject, pair.getPublic());
            GeneralName[] alternatives = names.stream()
                    .map(n -> new GeneralName(isIpAddress(n) ? GeneralName.iPAddress : GeneralName.dNSName, n))
                    .toArray(GeneralName[]::new);
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternatives));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            return new NodeCertificate(pair.getPrivate(), List.of(certificate));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("could not generate the development certificate", e);
        }
    }

    /** A certificate chain (leaf first) and its private key (PKCS#8 or SEC1), both PEM. */
    public static NodeCertificate fromPem(Path certificateFile, Path keyFile) {
        try {
            JcaX509CertificateConverter certificates = new JcaX509CertificateConverter();
            List<X509Certificate> chain = new ArrayList<>();
            try (Reader reader = Files.newBufferedReader(certificateFile); PEMParser parser = new PEMParser(reader)) {
                for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                    if (o instanceof X509CertificateHolder holder) {
                        chain.add(certificates.getCertificate(holder));
                    }
                }
            }
            PrivateKey key;
            try (Reader reader = Files.newBufferedReader(keyFile); PEMParser parser = new PEMParser(reader)) {
                Object o = parser.readObject();
                JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
                key = switch (o) {
                    case PEMKeyPair pair -> keys.getKeyPair(pair).getPrivate();
                    case PrivateKeyInfo info -> keys.getPrivateKey(info);
                    case null, default -> throw new IllegalArgumentException(keyFile + " holds no private key");
                };
            }
            return new NodeCertificate(key, chain);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not read the node certificate " + certificateFile + " / " + keyFile, e);
        }
    }

    /** The leaf certificate as PEM (development: lets tools trust it). */
    public String leafPem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(leaf().getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isIpAddress(String name) {
        return name.matches("[0-9.]+") || name.contains(":");
    }
}
