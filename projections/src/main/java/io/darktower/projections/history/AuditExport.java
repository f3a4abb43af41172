package io.darktower.projections.history;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A history written as a hash-chained file an auditor checks offline ({@link ExportVerifier}). Every line is the
 * {@link CanonicalJson} text of one object and ends with {@code \n}:
 * <ol>
 *   <li>the header: {@code format}, {@code subject}, {@code id}, {@code exportedAt}, {@code count} (steps),
 *       {@code genesis} (SHA-256 of the format, subject, id and time: the chain belongs to this export), {@code finalHash}
 *       and, with a key, {@code signature} ({@code algorithm}, {@code value}) over the header's text without it;</li>
 *   <li>one line per step: {@code n} (1, 2, ...), {@code prev} (the previous line's hash, the genesis for the first),
 *       {@code step} and {@code hash} = SHA-256 of {@code prev + "\n" + canonical(step)}, hex.</li>
 * </ol>
 * Changing a byte of a step changes its hash; the next line's {@code prev} then disagrees; dropping lines at the end
 * leaves the count and the final hash wrong; rewriting the whole chain is what the signature is for.
 */
public final class AuditExport {

    public static final String FORMAT = "darktower-audit-export/1";
    /** The header's fields besides {@code signature}: no more, no fewer. */
    static final Set<String> HEADER_FIELDS = Set.of("format", "subject", "id", "exportedAt", "count", "genesis", "finalHash");

    private AuditExport() {
    }

    /** What was written. */
    public record Summary(int count, String finalHash) {
    }

    /** Writes the export of {@code steps}; {@code key} null for an unsigned, only hash-chained, export. */
    public static Summary write(OutputStream out, Subject subject, UUID id, List<Step> steps, Instant exportedAt, ExportKey key)
            throws IOException {
        String genesis = genesis(subject.aggregateType(), id.toString(), exportedAt.toString());
        StringBuilder body = new StringBuilder();
        String prev = genesis;
        int n = 0;
        for (Step step : steps) {
            n++;
            String hash = link(prev, CanonicalJson.write(step));
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("n", n);
            line.put("prev", prev);
            line.put("step", step);
            line.put("hash", hash);
            body.append(CanonicalJson.write(line)).append('\n');
            prev = hash;
        }
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("format", FORMAT);
        header.put("subject", subject.aggregateType());
        header.put("id", id.toString());
        header.put("exportedAt", exportedAt.toString());
        header.put("count", n);
        header.put("genesis", genesis);
        header.put("finalHash", prev);
        if (key != null) {
            String signature = key.sign(CanonicalJson.write(header).getBytes(StandardCharsets.UTF_8));
            header.put("signature", Map.of("algorithm", key.algorithm(), "value", signature));
        }
        out.write((CanonicalJson.write(header) + "\n").getBytes(StandardCharsets.UTF_8));
        out.write(body.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return new Summary(n, prev);
    }

    static String genesis(String subject, String id, String exportedAt) {
        return sha256(FORMAT + "\n" + subject + "\n" + id + "\n" + exportedAt);
    }

    /** The hash of a line: its predecessor's hash and its own canonical content. */
    static String link(String prev, String canonicalStep) {
        return sha256(prev + "\n" + canonicalStep);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
