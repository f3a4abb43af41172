package io.darktower.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DarkTowerLocalArgumentsTest {

    @Test
    void commandLineSettingsAreNameValuePairsAsSpringBootTakesThem() {
        assertThat(DarkTowerLocal.settingsFrom("--darktower.rate-limits.enabled=false", "--a.b=x=y", "--empty="))
                .containsExactly(java.util.Map.entry("darktower.rate-limits.enabled", "false"),
                        java.util.Map.entry("a.b", "x=y"), java.util.Map.entry("empty", ""));
        assertThat(DarkTowerLocal.settingsFrom()).isEmpty();
    }

    @Test
    void anythingElseIsRefusedRatherThanIgnored() {
        assertThatThrownBy(() -> DarkTowerLocal.settingsFrom("darktower.x=1")).hasMessageContaining("darktower.x=1");
        assertThatThrownBy(() -> DarkTowerLocal.settingsFrom("--flag")).hasMessageContaining("--flag");
        assertThatThrownBy(() -> DarkTowerLocal.settingsFrom("--=1")).hasMessageContaining("--=1");
    }
}
