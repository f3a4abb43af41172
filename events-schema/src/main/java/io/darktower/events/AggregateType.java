package io.darktower.events;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * Everything the platform needs to know about one kind of aggregate, declared once: its wire name, the sealed
 * interface its events implement, and how an event names its aggregate. The event catalogue, the topic and the
 * projections' typing all derive from it, so a new aggregate is a sealed event hierarchy plus one descriptor in
 * {@link Aggregates#ALL}.
 *
 * @param name   the aggregate type on the wire (envelopes, topic names); lower case, never renamed
 * @param events the sealed root of the aggregate's events; each permitted record is one event type
 * @param idOf   the aggregate id an event belongs to (also the Kafka key of its record)
 */
public record AggregateType<E>(String name, Class<E> events, Function<E, UUID> idOf) {

    public AggregateType {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z][a-z0-9_]{0,48}")) {
            throw new IllegalArgumentException("an aggregate type name is lower case: " + name);
        }
        if (!events.isSealed()) {
            throw new IllegalArgumentException(events.getName() + " must be sealed: its permitted records are the events");
        }
    }

    /** The Kafka topic of this aggregate type's events, keyed by aggregate id. */
    public String topic() {
        return Topics.forAggregateType(name);
    }

    /** Every event class, from the sealed root's permitted subclasses: a new record is catalogued by declaring it. */
    public List<Class<? extends E>> eventClasses() {
        return Arrays.stream(events.getPermittedSubclasses()).<Class<? extends E>>map(c -> c.asSubclass(events)).toList();
    }

    /** The wire type of one of this aggregate's events: its simple class name and its {@link EventVersion}. */
    public EventType eventType(Class<?> eventClass) {
        EventVersion version = eventClass.getAnnotation(EventVersion.class);
        return new EventType(name, eventClass.getSimpleName(), version == null ? 1 : version.value());
    }

    /** The aggregate id of an event of this type, as text. */
    public String aggregateIdOf(Object event) {
        return idOf.apply(events.cast(event)).toString();
    }

    /** Whether an envelope carries one of this aggregate type's events. */
    public boolean owns(EventEnvelope envelope) {
        return name.equals(envelope.aggregateType());
    }
}
