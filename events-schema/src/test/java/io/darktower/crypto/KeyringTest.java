package io.darktower.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darktower.events.EventJson;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyringTest {

    private static final String OLD = Keyring.newKeyBase64();
    private static final String NEW = Keyring.newKeyBase64();

    @Test
    void sealsAndOpensBoundToItsContext() {
        Keyring keyring = Keyring.ofBase64(Map.of("k1", OLD), "k1");
        Sealed sealed = keyring.seal("$argon2id$v=19$m=16384,t=2,p=1$salt$hash", "user:1:password-hash");
        assertThat(sealed.keyId()).isEqualTo("k1");
        assertThat(new String(sealed.bytes(), StandardCharsets.ISO_8859_1)).doesNotContain("argon2id");
        assertThat(keyring.open(sealed, "user:1:password-hash")).isEqualTo("$argon2id$v=19$m=16384,t=2,p=1$salt$hash");
        assertThatThrownBy(() -> keyring.open(sealed, "user:2:password-hash")).isInstanceOf(Keyring.Unreadable.class);
    }

    @Test
    void sealingTheSameTwiceGivesDifferentCiphertexts() {
        Keyring keyring = Keyring.ofBase64(Map.of("k1", OLD), "k1");
        assertThat(keyring.seal("token", "c")).isNotEqualTo(keyring.seal("token", "c"));
    }

    @Test
    void aRotatedKeyStillOpensWhatTheOldKeySealed() {
        Sealed old = Keyring.ofBase64(Map.of("2025", OLD), "2025").seal("gho_token", "c");
        Keyring rotated = Keyring.ofBase64(Map.of("2025", OLD, "2026", NEW), "2026");
        Sealed fresh = rotated.seal("gho_token", "c");

        assertThat(fresh.keyId()).isEqualTo("2026");
        assertThat(rotated.open(old, "c")).isEqualTo("gho_token");
        assertThat(rotated.open(fresh, "c")).isEqualTo("gho_token");
        assertThatThrownBy(() -> Keyring.ofBase64(Map.of("2026", NEW), "2026").open(old, "c"))
                .isInstanceOf(Keyring.Unreadable.class).hasMessageContaining("2025");
    }

    @Test
    void aTamperedCiphertextIsRefused() {
        Keyring keyring = Keyring.ofBase64(Map.of("k1", OLD), "k1");
        byte[] bytes = keyring.seal("refresh-token", "c").bytes();
        for (int i : new int[] {bytes.length - 1, bytes.length - 20, 5}) {
            byte[] tampered = bytes.clone();
            tampered[i] ^= 1;
            assertThatThrownBy(() -> keyring.open(Sealed.of(tampered), "c")).as("byte " + i)
                    .isInstanceOf(Keyring.Unreadable.class);
        }
    }

    @Test
    void aKeyIdSwappedInTheHeaderDoesNotOpenWithTheOtherKey() {
        Keyring both = Keyring.ofBase64(Map.of("aa", OLD, "bb", NEW), "aa");
        byte[] bytes = both.seal("secret", "c").bytes();
        bytes[2] = 'b';
        bytes[3] = 'b';
        assertThatThrownBy(() -> both.open(Sealed.of(bytes), "c")).isInstanceOf(Keyring.Unreadable.class);
    }

    @Test
    void travelsInEventJsonAsOneBase64String() throws Exception {
        Sealed sealed = Keyring.ofBase64(Map.of("k1", OLD), "k1").seal("x", "c");
        String json = EventJson.mapper().writeValueAsString(sealed);
        assertThat(json).isEqualTo("\"" + Base64.getEncoder().encodeToString(sealed.bytes()) + "\"");
        assertThat(EventJson.mapper().readValue(json, Sealed.class)).isEqualTo(sealed);
        assertThat(sealed.toString()).isEqualTo("Sealed[key=k1]");
    }

    @Test
    void refusesKeysThatAreNot256BitsAndAnActiveKeyItDoesNotHold() {
        assertThatThrownBy(() -> Keyring.of(Map.of("k1", new byte[16]), "k1")).hasMessageContaining("256 bits");
        assertThatThrownBy(() -> Keyring.ofBase64(Map.of("k1", OLD), "k2")).hasMessageContaining("not among the keys");
        assertThatThrownBy(() -> Keyring.ofBase64(Map.of("bad id!", OLD), "bad id!")).hasMessageContaining("key id");
    }
}
