package io.darktower.commands.crypto;

import io.darktower.crypto.Keyring;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one {@link Keyring} of the process, from {@link CryptoProperties}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CryptoProperties.class)
public class CryptoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CryptoConfiguration.class);
    static final String ACTIVE = "active-key";
    static final String KEY_PREFIX = "keys.";

    @Bean
    Keyring keyring(CryptoProperties properties) {
        return keyring(properties.keys(), properties.activeKey(), properties.localKeyFile());
    }

    static Keyring keyring(Map<String, String> keys, String activeKey, Path localKeyFile) {
        if (!keys.isEmpty()) {
            if (activeKey == null || activeKey.isBlank()) {
                throw new IllegalStateException("darktower.crypto.active-key must name one of darktower.crypto.keys " + keys.keySet());
            }
            return Keyring.ofBase64(keys, activeKey.trim());
        }
        if (localKeyFile == null || localKeyFile.toString().isBlank()) {
            throw new IllegalStateException("no darktower.crypto.keys configured (and no darktower.crypto.local-key-file)");
        }
        return localKeyring(localKeyFile.toAbsolutePath());
    }

    /** Reads the local key file, creating it with one fresh key first if it does not exist. */
    static synchronized Keyring localKeyring(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            Properties stored = new Properties();
            try (Reader in = Files.newBufferedReader(file)) {
                stored.load(in);
            }
            Map<String, String> keys = new LinkedHashMap<>();
            stored.stringPropertyNames().stream().filter(n -> n.startsWith(KEY_PREFIX))
                    .forEach(n -> keys.put(n.substring(KEY_PREFIX.length()), stored.getProperty(n)));
            log.warn("secrets are sealed with the local key file {} (no darktower.crypto.keys configured): "
                    + "fine for a local run, not for production", file);
            return Keyring.ofBase64(keys, stored.getProperty(ACTIVE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the local key file " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        String id = "local-" + LocalDate.now(ZoneOffset.UTC).toString().replace("-", "");
        Path temporary = Files.createTempFile(file.getParent(), ".keys", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the directory's permissions apply
            }
            try (Writer out = Files.newBufferedWriter(temporary)) {
                out.write("# Dark Tower local sealing key, generated on first start. Losing it makes sealed secrets\n");
                out.write("# (password hashes, OAuth tokens) in this installation's events unreadable. Not for production.\n");
                out.write(ACTIVE + "=" + id + "\n");
                out.write(KEY_PREFIX + id + "=" + Keyring.newKeyBase64() + "\n");
            }
            try {
                Files.createLink(file, temporary); // atomic, and never replaces a key file that exists
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                return; // another process created it first: use theirs
            } catch (UnsupportedOperationException noHardLinks) {
                Files.move(temporary, file);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        log.info("generated a local sealing key in {}", file);
    }
}
