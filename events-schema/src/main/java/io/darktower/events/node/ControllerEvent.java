package io.darktower.events.node;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.UUID;

/**
 * Every fact about one meeting controller. Heartbeats are not among them: they are telemetry that refreshes the
 * read models directly; only registration, limits, health and deregistration are facts kept forever.
 */
public sealed interface ControllerEvent
        permits ControllerRegistered, ControllerCapacityChanged, ControllerHealthChanged, ControllerDeregistered {

    /** The controller's own name, as the seed keys it. */
    String controllerId();

    /** The aggregate the fact belongs to, derived from {@link #controllerId()}; also the Kafka key of its record. */
    @JsonIgnore
    default UUID aggregateId() {
        return NodeIds.controller(controllerId());
    }
}
