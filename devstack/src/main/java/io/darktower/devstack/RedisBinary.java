package io.darktower.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import redis.embedded.RedisExecProvider;
import redis.embedded.RedisServer;

/**
 * The Redis 7 executable that {@code org.signal:embedded-redis} ships, unpacked once per version under
 * {@code java.io.tmpdir} as {@code redis-server}, so that the process is recognisable by its name.
 */
final class RedisBinary {

    private RedisBinary() {
    }

    static synchronized Path path() throws IOException {
        String resource = "redis-server-" + RedisExecProvider.redisVersion + "-" + platform();
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "redis-" + RedisExecProvider.redisVersion, "redis-server")
                .toAbsolutePath();
        if (Files.isExecutable(target)) {
            return target;
        }
        Directories.create(target.getParent());
        // unpacked beside the target and moved in one step: another JVM may be unpacking or running it
        Path part = Files.createTempFile(target.getParent(), "redis-server", ".part");
        try (InputStream in = RedisServer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the class path");
            }
            Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            if (!part.toFile().setExecutable(true)) {
                throw new IOException("cannot make " + part + " executable");
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(part);
        }
        return target;
    }

    private static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String osPart = os.contains("linux") ? "linux" : os.contains("mac") ? "darwin" : null;
        String archPart = switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            default -> null;
        };
        if (osPart == null || archPart == null) {
            throw new IllegalStateException("no embedded Redis for " + os + " " + arch
                    + "; run Redis yourself and set DARKTOWER_INFRA=external");
        }
        return osPart + "-" + archPart;
    }
}
