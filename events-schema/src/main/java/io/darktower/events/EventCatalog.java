package io.darktower.events;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every event class with its wire type, derived from {@link Aggregates#ALL}: nothing here is listed by hand.
 * A class outside these sealed hierarchies cannot be published.
 */
public final class EventCatalog {

    public static final String MEETING = Aggregates.MEETING.name();

    private static final Map<Class<?>, EventType> TYPES = new LinkedHashMap<>();
    private static final Map<String, Class<?>> CLASSES_BY_NAME = new LinkedHashMap<>();
    private static final Map<String, EventType> TYPES_BY_CLASS_NAME = new LinkedHashMap<>();

    static {
        for (AggregateType<?> aggregate : Aggregates.ALL) {
            for (Class<?> eventClass : aggregate.eventClasses()) {
                EventType type = aggregate.eventType(eventClass);
                if (CLASSES_BY_NAME.putIfAbsent(type.name(), eventClass) != null) {
                    throw new IllegalStateException("two event types named " + type.name());
                }
                TYPES.put(eventClass, type);
                TYPES_BY_CLASS_NAME.put(eventClass.getName(), type);
            }
        }
    }

    private EventCatalog() {
    }

    public static EventType typeOf(Class<?> eventClass) {
        EventType type = TYPES.get(eventClass);
        if (type == null) {
            throw new IllegalArgumentException("not in the event catalogue: " + eventClass.getName());
        }
        return type;
    }

    /** The wire type of a stored payload type (Axon stores the Java class name). */
    public static Optional<EventType> typeOfClassName(String className) {
        return Optional.ofNullable(TYPES_BY_CLASS_NAME.get(className));
    }

    /** The class of a wire name, empty when it is not in the catalogue. */
    public static Optional<Class<?>> typeOfName(String eventName) {
        return Optional.ofNullable(CLASSES_BY_NAME.get(eventName));
    }

    public static Class<?> classOf(String eventName) {
        Class<?> type = CLASSES_BY_NAME.get(eventName);
        if (type == null) {
            throw new IllegalArgumentException("unknown event type: " + eventName);
        }
        return type;
    }

    public static Map<Class<?>, EventType> all() {
        return Map.copyOf(TYPES);
    }
}
