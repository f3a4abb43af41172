package io.darktower.events;

import io.darktower.events.node.ControllerCapacityChanged;
import io.darktower.events.node.ControllerDeregistered;
import io.darktower.events.node.ControllerHealthChanged;
import io.darktower.events.node.ControllerRegistered;
import io.darktower.events.node.MediaHandlerCapacityChanged;
import io.darktower.events.node.MediaHandlerDeregistered;
import io.darktower.events.node.MediaHandlerHealthChanged;
import io.darktower.events.node.MediaHandlerRegistered;
import io.darktower.events.node.NodeHealth;
import io.darktower.events.node.NodeIds;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The frozen JSON of the node registries' events, checked as {@link GoldenSamplesTest} checks the meeting's. */
class NodeGoldenSamplesTest extends GoldenSamplesTest {

    private static final Instant AT = Instant.parse("2024-01-16T13:20:00Z");

    static List<Object> samples() {
        return List.of(
                new ControllerRegistered("mc-us-west-1-001", "us-west-1", "https://mc-us-west-1-001.example.com:8443",
                        1000, 10000, "1.4.2", Map.of("rack", "r12"), AT),
                new ControllerCapacityChanged("mc-us-west-1-001", 500, 5000, AT),
                new ControllerHealthChanged("mc-us-west-1-001", NodeHealth.UNHEALTHY, "no heartbeat for 30 s", AT),
                new ControllerDeregistered("mc-us-west-1-001", AT),
                new MediaHandlerRegistered("mh-us-west-1-001", "us-west-1", "https://mh-us-west-1-001.example.com:4433",
                        5000, 10000, true, false, List.of("VP9", "AV1", "H264", "Opus"), "2.0.0", Map.of(), AT),
                new MediaHandlerCapacityChanged("mh-us-west-1-001", 4000, 8000, AT),
                new MediaHandlerHealthChanged("mh-us-west-1-001", NodeHealth.DEGRADED, "packet loss above 5 %", AT),
                new MediaHandlerDeregistered("mh-us-west-1-001", AT));
    }

    @Test
    void aNodesAggregateIdIsTheNameBasedUuidOfItsKindAndName() {
        assertThat(new ControllerDeregistered("mc-1", AT).aggregateId())
                .isEqualTo(UUID.nameUUIDFromBytes("controller:mc-1".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo(NodeIds.controller("mc-1"))
                .isNotEqualTo(NodeIds.mediaHandler("mc-1"));
        assertThat(new MediaHandlerDeregistered("mh-1", AT).aggregateId()).isEqualTo(NodeIds.mediaHandler("mh-1"));
    }
}
