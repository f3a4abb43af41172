package io.darktower.platform;

import io.darktower.commands.relay.EventRelay;
import io.darktower.projections.runtime.ProjectionRunner;
import io.darktower.projections.runtime.ProjectionService;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Exports the pipeline's progress through the gateway's Micrometer registry ({@code /actuator/metrics}):
 * events relayed to Kafka, events applied by each projection, and each projection's lag.
 */
final class PlatformMetrics {

    private PlatformMetrics() {
    }

    static void bind(MeterRegistry registry, ProjectionService projections, EventRelay relay) {
        if (relay != null) {
            FunctionCounter.builder("darktower.relay.published", relay, EventRelay::published)
                    .description("stored events acknowledged by Kafka since start")
                    .register(registry);
        }
        for (ProjectionRunner runner : projections.runners()) {
            FunctionCounter.builder("darktower.projection.applied", runner, ProjectionRunner::applied)
                    .description("events applied (repeats recognised as such included) since start")
                    .tag("projection", runner.name())
                    .register(registry);
            Gauge.builder("darktower.projection.lag", runner, r -> Math.max(0, r.lastLagMillis()))
                    .description("time from an event's occurrence to its batch being applied, last batch")
                    .baseUnit("milliseconds")
                    .tag("projection", runner.name())
                    .register(registry);
        }
    }
}
