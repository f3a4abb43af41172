package io.darktower.projections.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.darktower.events.EventJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks an {@link AuditExport} file with nothing but the file (and, for its signature, a key): no database, no
 * platform. Reports the first line that is wrong, counting the header as line 1.
 */
public final class ExportVerifier {

    private ExportVerifier() {
    }

    /**
     * @param valid        every line, the count, the final hash and (when checked) the signature agree
     * @param steps        the steps read before the verdict
     * @param badLine      the first line found wrong (1 = the header), null when valid
     * @param problem      what is wrong with it, null when valid
     * @param signature    {@code valid}, {@code invalid}, {@code absent} or {@code not checked} (signed, no key given)
     */
    public record Verdict(boolean valid, int steps, Integer badLine, String problem, String signature) {
    }

    /** @param key the signer's public key or the shared HMAC secret; null to check the chain only */
    public static Verdict verify(byte[] file, ExportKey key) {
        if (file.length == 0) {
            return bad(0, 1, "the file is empty", "absent");
        }
        List<byte[]> lines = lines(file);
        boolean endsWithNewline = file[file.length - 1] == '\n';
        ObjectNode header;
        try {
            header = canonical(lines.get(0));
        } catch (IllegalArgumentException e) {
            return bad(0, 1, "header: " + e.getMessage(), "absent");
        }
        if (!AuditExport.FORMAT.equals(header.path("format").asText())) {
            return bad(0, 1, "not a " + AuditExport.FORMAT + " file", "absent");
        }
        Set<String> fields = new HashSet<>();
        header.fieldNames().forEachRemaining(fields::add);
        fields.remove("signature");
        if (!fields.equals(AuditExport.HEADER_FIELDS)) {
            return bad(0, 1, "the header's fields are " + new TreeSet<>(fields) + ", not " + new TreeSet<>(AuditExport.HEADER_FIELDS), "absent");
        }
        String genesis = AuditExport.genesis(header.path("subject").asText(), header.path("id").asText(),
                header.path("exportedAt").asText());
        if (!genesis.equals(header.path("genesis").asText())) {
            return bad(0, 1, "the header's genesis is not that of its subject, id and time", "absent");
        }
        String signature = signature(header, key);
        if ("invalid".equals(signature)) {
            return bad(0, 1, "the header's signature does not verify", signature);
        }
        if (key != null && "absent".equals(signature)) {
            return bad(0, 1, "a key was given but the export is not signed", signature);
        }
        String prev = genesis;
        int n = 0;
        for (int i = 1; i < lines.size(); i++) {
            int lineNumber = i + 1;
            if (i == lines.size() - 1 && !endsWithNewline) {
                return bad(n, lineNumber, "truncated: the last line has no end", signature);
            }
            ObjectNode line;
            try {
                line = canonical(lines.get(i));
            } catch (IllegalArgumentException e) {
                return bad(n, lineNumber, e.getMessage(), signature);
            }
            if (line.path("n").asInt(-1) != n + 1) {
                return bad(n, lineNumber, "step number " + line.path("n") + " where " + (n + 1) + " was due", signature);
            }
            if (!prev.equals(line.path("prev").asText())) {
                return bad(n, lineNumber, "prev is not the hash of the line before", signature);
            }
            String hash = AuditExport.link(prev, CanonicalJson.write(line.path("step")));
            if (!hash.equals(line.path("hash").asText())) {
                return bad(n, lineNumber, "hash does not match the step's content", signature);
            }
            prev = hash;
            n++;
        }
        long count = header.path("count").asLong(-1);
        boolean chainEndsAtTheFinalHash = prev.equals(header.path("finalHash").asText());
        if (n != count && chainEndsAtTheFinalHash) {
            return bad(n, 1, "the header's count is not the chain's (" + n + " steps)", signature);
        }
        if (n < count) {
            return bad(n, lines.size() + 1, "truncated: " + n + " steps where the header says " + count, signature);
        }
        if (n > count) {
            return bad(n, (int) count + 2, "more steps than the header's " + count, signature);
        }
        if (!chainEndsAtTheFinalHash) {
            return bad(n, 1, "the header's final hash is not the chain's", signature);
        }
        return new Verdict(true, n, null, null, signature);
    }

    private static String signature(ObjectNode header, ExportKey key) {
        JsonNode signed = header.get("signature");
        if (signed == null || signed.isNull()) {
            return "absent";
        }
        if (key == null) {
            return "not checked";
        }
        ObjectNode unsigned = header.deepCopy();
        unsigned.remove("signature");
        boolean ok = key.algorithm().equals(signed.path("algorithm").asText())
                && key.verifies(CanonicalJson.write(unsigned).getBytes(StandardCharsets.UTF_8), signed.path("value").asText());
        return ok ? "valid" : "invalid";
    }

    /** The line as an object, refused unless its bytes are exactly the canonical text of what it says. */
    private static ObjectNode canonical(byte[] line) {
        JsonNode node;
        try {
            node = EventJson.mapper().readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (!Arrays.equals(line, CanonicalJson.write(object).getBytes(StandardCharsets.UTF_8))) {
            throw new IllegalArgumentException("not in canonical form (changed after export)");
        }
        return object;
    }

    /** The file's lines without their {@code \n}; a last line without one is kept (it is reported as truncated). */
    private static List<byte[]> lines(byte[] file) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < file.length; i++) {
            if (file[i] == '\n') {
                out.add(Arrays.copyOfRange(file, start, i));
                start = i + 1;
            }
        }
        if (start < file.length) {
            out.add(Arrays.copyOfRange(file, start, file.length));
        }
        return out;
    }

    private static Verdict bad(int steps, int line, String problem, String signature) {
        return new Verdict(false, steps, line, problem, signature);
    }
}
