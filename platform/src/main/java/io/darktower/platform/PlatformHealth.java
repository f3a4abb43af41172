package io.darktower.platform;

import io.darktower.commands.relay.EventRelay;
import io.darktower.commands.relay.RelayStatus;
import io.darktower.projections.runtime.ProjectionRunner;
import io.darktower.projections.runtime.ProjectionStatus;
import io.darktower.projections.runtime.ProjectionService;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.registry.HealthContributorRegistry;

/**
 * The pipeline in {@code /actuator/health}: the relay and each projection, up or down with why, parked aggregates
 * and lag. A projection with parked aggregates is up (everything else flows) and says how many.
 */
final class PlatformHealth {

    private PlatformHealth() {
    }

    static void register(HealthContributorRegistry registry, ProjectionService projections, EventRelay relay) {
        if (relay != null) {
            registry.registerContributor("relay", (HealthIndicator) () -> relay(relay.status()));
        }
        for (ProjectionRunner runner : projections.runners()) {
            registry.registerContributor("projection-" + runner.name(), (HealthIndicator) () -> projection(runner.status()));
        }
    }

    static Health relay(RelayStatus status) {
        Health.Builder health = status.state() == RelayStatus.State.STREAMING ? Health.up() : Health.down();
        health.withDetail("state", status.state()).withDetail("published", status.published());
        if (status.lastPublishedAt() != null) {
            health.withDetail("lastPublishedAt", status.lastPublishedAt());
        }
        if (status.lastError() != null) {
            health.withDetail("lastError", status.lastError());
        }
        return health.build();
    }

    static Health projection(ProjectionStatus status) {
        Health.Builder health = status.healthy() ? Health.up() : Health.down();
        health.withDetail("state", status.state())
                .withDetail("parked", status.parked())
                .withDetail("lagRecords", status.lagRecords())
                .withDetail("lagMillis", status.lagMillis())
                .withDetail("applied", status.applied());
        if (status.reason() != null) {
            health.withDetail("reason", status.reason());
        }
        if (status.state() == ProjectionStatus.State.REBUILDING) {
            health.withDetail("rebuilt", status.rebuildDone() + " of " + status.rebuildTotal());
        }
        return health.build();
    }
}
