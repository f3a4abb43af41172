package io.darktower.events.node;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** A node's health; the wire value is the seed's {@code health_status} value (and the capacity hash's {@code health}). */
public enum NodeHealth {
    HEALTHY("healthy"),
    DEGRADED("degraded"),
    UNHEALTHY("unhealthy");

    private final String wire;

    NodeHealth(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static NodeHealth fromWire(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException("unknown health: " + value));
    }

    /** The health named by {@code value}, if it names one. */
    public static Optional<NodeHealth> parse(String value) {
        return Arrays.stream(values()).filter(h -> h.wire.equals(value)).findFirst();
    }
}
