package io.darktower.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darktower.projections.runtime.ProjectionSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ProjectionPropertiesTest {

    @Test
    void unsetPropertiesAreTheRuntimeDefaults() {
        assertThat(bind(Map.of()).tuning()).isEqualTo(ProjectionSettings.Tuning.DEFAULTS);
    }

    @Test
    void setPropertiesReachTheRunnersTuning() {
        ProjectionSettings.Tuning tuning = bind(Map.of(
                "darktower.projections.max-poll-records", "50",
                "darktower.projections.attempts-before-parking", "5",
                "darktower.projections.max-backoff", "30s",
                "darktower.projections.lag-interval", "500ms",
                "darktower.projections.dependency-wait", "0s")).tuning();

        assertThat(tuning).isEqualTo(new ProjectionSettings.Tuning(50, 5, Duration.ofSeconds(30), Duration.ofMillis(500),
                Duration.ZERO));
    }

    @Test
    void aValueOfTheWrongTypeFailsTheStartWithThePropertysName() {
        assertThatThrownBy(() -> bind(Map.of("darktower.projections.max-poll-records", "many")))
                .isInstanceOf(BindException.class)
                .hasMessageContaining("darktower.projections.max-poll-records");
    }

    @Test
    void aTuningThatCannotWorkIsRefused() {
        assertThatThrownBy(() -> bind(Map.of("darktower.projections.attempts-before-parking", "0")).tuning())
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static ProjectionProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("darktower.projections", ProjectionProperties.class);
    }
}
