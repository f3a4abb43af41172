package io.darktower.platform.audit;

import io.darktower.crypto.JdbcSubjectKeys;
import io.darktower.crypto.PersonalData;
import io.darktower.projections.history.AuditExport;
import io.darktower.projections.history.AuditHistory;
import io.darktower.projections.history.Bounds;
import io.darktower.projections.history.ExportKey;
import io.darktower.projections.history.ExportVerifier;
import io.darktower.projections.history.Step;
import io.darktower.projections.history.Subject;
import io.darktower.projections.runtime.EventLog;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The auditor's commands, run from the platform's jar before anything of the platform starts:
 * <pre>
 * java -jar platform-*.jar audit export --meeting ID --out FILE [--until INSTANT] [--position N] [--key KEYFILE]
 *                                       [--jdbc-url URL] [--db-user USER] [--db-password PASSWORD]
 * java -jar platform-*.jar audit verify FILE [--key KEYFILE]
 * </pre>
 * {@code export} reads the event store (also {@code --user ID}, {@code --api-key ID}) and writes a hash-chained
 * {@link AuditExport}, signed when given a key file (an Ed25519 private key in PEM, or an HMAC secret of 32 bytes or
 * more). {@code verify} needs nothing but the file (and the public key or the secret to check a signature) and names
 * the first line that is wrong. Exit status: 0 done / valid, 1 not found / not valid, 2 wrong usage.
 * The database defaults to the local run's ({@code DARKTOWER_JDBC_URL}, {@code DARKTOWER_DB_USER},
 * {@code DARKTOWER_DB_PASSWORD} override it).
 */
public final class AuditCommand {

    static final String USAGE = String.join(System.lineSeparator(),
            "usage: audit export (--meeting|--user|--api-key) ID --out FILE [--until INSTANT] [--position N] [--key KEYFILE]",
            "                    [--jdbc-url URL] [--db-user USER] [--db-password PASSWORD]",
            "       audit verify FILE [--key KEYFILE]");

    private AuditCommand() {
    }

    /** Runs {@code args} (after the word {@code audit}); the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length >= 1 && args[0].equals("export")) {
                return export(options(args, 1), out, err);
            }
            if (args.length >= 2 && args[0].equals("verify")) {
                return verify(Path.of(args[1]), options(args, 2), out);
            }
            err.println(USAGE);
            return 2;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (IOException | SQLException e) {
            err.println("audit failed: " + e.getMessage());
            return 1;
        }
    }

    private static int export(Map<String, String> options, PrintStream out, PrintStream err) throws IOException, SQLException {
        Subject subject = null;
        String id = null;
        for (Subject candidate : Subject.values()) {
            String option = candidate == Subject.MEETING ? "meeting" : candidate == Subject.USER ? "user" : "api-key";
            if (options.containsKey(option)) {
                if (subject != null) {
                    throw new IllegalArgumentException("one of --meeting, --user, --api-key");
                }
                subject = candidate;
                id = options.get(option);
            }
        }
        if (subject == null) {
            throw new IllegalArgumentException("one of --meeting, --user, --api-key is required");
        }
        UUID uuid = uuid(id);
        Path file = Path.of(required(options, "out"));
        ExportKey key = options.containsKey("key") ? ExportKey.read(Path.of(options.get("key"))) : null;
        Bounds bounds = new Bounds(options.containsKey("until") ? Instant.parse(options.get("until")) : null,
                options.containsKey("position") ? Long.valueOf(options.get("position")) : null);
        PGSimpleDataSource db = new PGSimpleDataSource();
        db.setURL(options.getOrDefault("jdbc-url", env("DARKTOWER_JDBC_URL", "jdbc:postgresql://127.0.0.1:15432/darktower")));
        db.setUser(options.getOrDefault("db-user", env("DARKTOWER_DB_USER", "postgres")));
        db.setPassword(options.getOrDefault("db-password", env("DARKTOWER_DB_PASSWORD", "postgres")));
        Optional<List<Step>> steps;
        // personal fields are sealed per data subject: opened with the subject keys in the same database (an erased
        // subject's read as erased), as the running platform opens them
        try (PersonalData.Installation keys = PersonalData.install(new JdbcSubjectKeys(db))) {
            steps = new AuditHistory(new EventLog(db)).of(subject, uuid, bounds);
        }
        if (steps.isEmpty() || steps.get().isEmpty()) {
            err.println("the event store holds no event of " + subject.aggregateType() + " " + uuid);
            return 1;
        }
        // written beside the target and moved: a reader never sees half an export under its name
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        AuditExport.Summary summary;
        try (OutputStream stream = Files.newOutputStream(partial)) {
            summary = AuditExport.write(stream, subject, uuid, steps.get(), Instant.now(), key);
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        out.println("exported " + summary.count() + " steps of " + subject.aggregateType() + " " + uuid + " to " + file
                + " (final hash " + summary.finalHash() + (key == null ? ", unsigned" : ", signed " + key.algorithm()) + ")");
        return 0;
    }

    private static int verify(Path file, Map<String, String> options, PrintStream out) throws IOException {
        ExportKey key = options.containsKey("key") ? ExportKey.read(Path.of(options.get("key"))) : null;
        ExportVerifier.Verdict verdict = ExportVerifier.verify(Files.readAllBytes(file), key);
        if (verdict.valid()) {
            out.println("valid: " + verdict.steps() + " steps, signature " + verdict.signature());
            return 0;
        }
        out.println("NOT VALID: line " + verdict.badLine() + ": " + verdict.problem() + " (" + verdict.steps()
                + " steps verified before it)");
        return 1;
    }

    /** {@code --name value} pairs from {@code from} on. */
    static Map<String, String> options(String[] args, int from) {
        Map<String, String> options = new HashMap<>();
        for (int i = from; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value, not " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + value + "' is not a UUID");
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
