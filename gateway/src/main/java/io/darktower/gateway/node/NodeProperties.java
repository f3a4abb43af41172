package io.darktower.gateway.node;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How node failures are found and acted on ({@code darktower.nodes.*}).
 *
 * @param heartbeatTimeout a node whose last heartbeat is older is unhealthy, and its meetings move
 * @param sweepInterval    how often {@link NodeSweeper} looks; a failure is acted on within timeout + interval
 * @param projectionWait   how long a sweep waits for the read model to show the assignments it commanded, so the
 *                         next sweep (here or on another instance) starts from them instead of deciding again
 * @param sweeperEnabled   false on an instance that must not run the sweeper (one is enough; more are safe)
 * @param requireNode      true: a join with no meeting controller registered at all is refused (503
 *                         CAPACITY_EXCEEDED) like one where none has room; false (a platform run without nodes, as
 *                         locally and in most tests): such a join goes ahead without a node
 */
@ConfigurationProperties("darktower.nodes")
public record NodeProperties(
        @DefaultValue("30s") Duration heartbeatTimeout,
        @DefaultValue("5s") Duration sweepInterval,
        @DefaultValue("10s") Duration projectionWait,
        @DefaultValue("true") boolean sweeperEnabled,
        @DefaultValue("false") boolean requireNode) {

    public NodeProperties {
        if (heartbeatTimeout.isNegative() || heartbeatTimeout.isZero()) {
            throw new IllegalArgumentException("darktower.nodes.heartbeat-timeout must be positive");
        }
        if (sweepInterval.isNegative() || sweepInterval.isZero()) {
            throw new IllegalArgumentException("darktower.nodes.sweep-interval must be positive");
        }
    }
}
