package io.darktower.projections.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.darktower.events.AggregateType;
import io.darktower.events.EventEnvelope;
import io.darktower.events.EventJson;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one projector reads, in one place for the runner, the sinks and the rebuilds: its aggregate types, their
 * topics, and envelopes typed as its events. Decoding goes through the projector's own aggregate types, not the
 * global catalogue, so a projector may read a stream that is not an event-sourced aggregate (the audit trail's
 * refusal records).
 */
final class ProjectorEvents<E> {

    private final Projector<E> projector;
    private final List<AggregateType<? extends E>> types;
    /** Aggregate type name → event wire name → event class. */
    private final Map<String, Map<String, Class<?>>> classes = new HashMap<>();

    ProjectorEvents(Projector<E> projector) {
        this.projector = projector;
        this.types = List.copyOf(projector.aggregates());
        for (AggregateType<? extends E> type : types) {
            Map<String, Class<?>> byName = new HashMap<>();
            type.eventClasses().forEach(c -> byName.put(type.eventType(c).name(), c));
            if (classes.put(type.name(), byName) != null) {
                throw new IllegalArgumentException(projector.name() + " reads aggregate type " + type.name() + " twice");
            }
        }
    }

    List<AggregateType<? extends E>> types() {
        return types;
    }

    /** The topics to consume, one per aggregate type. */
    List<String> topics() {
        return types.stream().map(AggregateType::topic).distinct().toList();
    }

    /**
     * The envelope with its typed event; null for an aggregate type this projector does not read. An event type its
     * aggregate type does not declare, or a payload that does not fit its class, is passed on raw or refused
     * ({@link Projector#projectsUnknownEvents()}).
     */
    Decoded decode(EventEnvelope envelope) {
        Map<String, Class<?>> byName = classes.get(envelope.aggregateType());
        if (byName == null) {
            return null;
        }
        Class<?> eventClass = byName.get(envelope.eventType());
        if (eventClass == null) {
            if (projector.projectsUnknownEvents()) {
                return new Decoded(envelope, envelope.payload());
            }
            throw new IllegalArgumentException("unknown event type: " + envelope.eventType());
        }
        try {
            return new Decoded(envelope, EventJson.mapper().treeToValue(envelope.payload(), eventClass));
        } catch (JsonProcessingException e) {
            if (projector.projectsUnknownEvents()) {
                return new Decoded(envelope, envelope.payload());
            }
            throw new UncheckedIOException("payload of " + envelope.eventType() + " " + envelope.eventId(), e);
        }
    }

    /** An event of the log (healing, rebuilds): it belongs to one of the projector's aggregate types. */
    Decoded decodeOwn(EventEnvelope envelope) {
        Decoded decoded = decode(envelope);
        if (decoded == null) {
            throw new IllegalStateException("event " + envelope.eventId() + " of aggregate " + envelope.aggregateId()
                    + " is of aggregate type " + envelope.aggregateType() + ", which " + projector.name() + " does not read");
        }
        return decoded;
    }

    /**
     * The decoded event as the projector's type: {@link #decode} produced an instance of one of the projector's
     * aggregate types' event roots (each a subtype of {@code E}), or a raw payload for a projector of {@code Object}.
     */
    @SuppressWarnings("unchecked")
    E event(Decoded decoded) {
        return (E) decoded.event();
    }
}
