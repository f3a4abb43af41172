package io.darktower.events.node;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.UUID;

/** Every fact about one media handler; its heartbeats are telemetry, not facts. */
public sealed interface MediaHandlerEvent
        permits MediaHandlerRegistered, MediaHandlerCapacityChanged, MediaHandlerHealthChanged, MediaHandlerDeregistered {

    /** The handler's own name, as the seed keys it ({@code handler_id}). */
    String handlerId();

    /** The aggregate the fact belongs to, derived from {@link #handlerId()}; also the Kafka key of its record. */
    @JsonIgnore
    default UUID aggregateId() {
        return NodeIds.mediaHandler(handlerId());
    }
}
