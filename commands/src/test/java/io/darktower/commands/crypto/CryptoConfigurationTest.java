package io.darktower.commands.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darktower.crypto.Keyring;
import io.darktower.crypto.Sealed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.annotation.UserConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Where the keyring comes from: configured keys, or a local key file generated once and kept. */
class CryptoConfigurationTest {

    @TempDir
    Path dir;

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(UserConfigurations.of(CryptoConfiguration.class));

    @Test
    void configuredKeysAreBoundAndTheLocalFileIsNotTouched() {
        String key = Keyring.newKeyBase64();
        Path file = dir.resolve("keys.properties");
        context.withPropertyValues("darktower.crypto.keys.2026-07=" + key, "darktower.crypto.keys.2026-01=" + Keyring.newKeyBase64(),
                        "darktower.crypto.active-key=2026-07", "darktower.crypto.local-key-file=" + file)
                .run(ctx -> {
                    Keyring keyring = ctx.getBean(Keyring.class);
                    assertThat(keyring.activeKeyId()).isEqualTo("2026-07");
                    assertThat(keyring.keyIds()).containsExactlyInAnyOrder("2026-07", "2026-01");
                    assertThat(Files.exists(file)).isFalse();
                });
    }

    @Test
    void withoutKeysALocalKeyIsGeneratedOnceOwnerOnlyAndReused() throws Exception {
        Path file = dir.resolve("data/crypto-keys.properties");
        Sealed sealed = CryptoConfiguration.keyring(Map.of(), null, file).seal("secret", "c");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String content = Files.readString(file);

        Keyring again = CryptoConfiguration.keyring(Map.of(), null, file);
        assertThat(Files.readString(file)).as("never replaced").isEqualTo(content);
        assertThat(again.open(sealed, "c")).isEqualTo("secret");
    }

    @Test
    void aMisconfigurationStopsTheStartNamingTheProperty() {
        assertThatThrownBy(() -> CryptoConfiguration.keyring(Map.of("k1", Keyring.newKeyBase64()), null, null))
                .hasMessageContaining("darktower.crypto.active-key");
        assertThatThrownBy(() -> CryptoConfiguration.keyring(Map.of(), null, null))
                .hasMessageContaining("darktower.crypto.keys");
        assertThatThrownBy(() -> CryptoConfiguration.keyring(Map.of("k1", "not base64!"), "k1", null))
                .hasMessageContaining("k1");
    }
}
