package io.darktower.events;

import io.darktower.events.meeting.MeetingCreated;
import io.darktower.events.meeting.MeetingEnded;
import io.darktower.events.meeting.MeetingStarted;
import io.darktower.events.meeting.ParticipantJoined;
import io.darktower.events.meeting.ParticipantLeft;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Every event class with its wire type. A class missing here cannot be published. */
public final class EventCatalog {

    public static final String MEETING = "meeting";

    private static final Map<Class<?>, EventType> TYPES = new LinkedHashMap<>();
    private static final Map<String, Class<?>> CLASSES_BY_NAME = new LinkedHashMap<>();
    private static final Map<String, EventType> TYPES_BY_CLASS_NAME = new LinkedHashMap<>();

    static {
        register(MeetingCreated.class, new EventType(MEETING, "MeetingCreated", 1));
        register(MeetingStarted.class, new EventType(MEETING, "MeetingStarted", 1));
        register(ParticipantJoined.class, new EventType(MEETING, "ParticipantJoined", 1));
        register(ParticipantLeft.class, new EventType(MEETING, "ParticipantLeft", 1));
        register(MeetingEnded.class, new EventType(MEETING, "MeetingEnded", 1));
    }

    private EventCatalog() {
    }

    private static void register(Class<?> type, EventType eventType) {
        TYPES.put(type, eventType);
        CLASSES_BY_NAME.put(eventType.name(), type);
        TYPES_BY_CLASS_NAME.put(type.getName(), eventType);
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
