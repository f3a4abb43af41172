package io.darktower.crypto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.darktower.events.EventJson;
import io.darktower.events.EventMetadata;
import io.darktower.events.Personal;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Seals and opens the personal fields of events ({@link Personal} components, and the requester's {@code clientIp}
 * and {@code userAgent} in the metadata) with their data subject's key ({@link SubjectKeys}), on the JSON tree of the
 * event: the event store's serializer seals before a row is written, and the shared decoding opens wherever an event
 * is read back (the relay publishes rows as stored, so Kafka carries them sealed too).
 *
 * <p>A sealed value is a JSON string: U+0001 then {@code pii:} (a control character no validated text field may hold, so
 * no clear value is mistaken for one), the subject's id, {@code :} and the base64 {@link Sealed} form of the value's
 * JSON text, bound to its subject and field. Values stored in clear before erasure existed read as they are. A value whose key is gone
 * reads as its placeholder ({@link Personal#erased()}, null for the metadata), never as an error.
 *
 * <p>The key store is one per JVM ({@link #install}): every process that writes or reads events on the event store's
 * database installs its own.
 */
public final class PersonalData {

    /** Prefix of a sealed personal value. */
    public static final String MARK = "\u0001pii:";
    private static final List<String> METADATA_FIELDS = List.of(EventMetadata.KEY_CLIENT_IP, EventMetadata.KEY_USER_AGENT);

    private static volatile SubjectKeys keys;

    private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
            if (!type.isRecord()) {
                return List.of();
            }
            List<Field> fields = new ArrayList<>();
            for (RecordComponent component : type.getRecordComponents()) {
                Personal personal = component.getAnnotation(Personal.class);
                if (personal != null) {
                    fields.add(new Field(component.getName(), List.of(personal.subject()),
                            component.getType() == String.class ? personal.erased() : null));
                }
            }
            return List.copyOf(fields);
        }
    };

    /** The subject an event is about, for the metadata of a request without a user: its userId, else participantId. */
    private static final ClassValue<java.util.function.Function<Object, String>> SUBJECTS = new ClassValue<>() {
        @Override
        protected java.util.function.Function<Object, String> computeValue(Class<?> type) {
            if (!type.isRecord()) {
                return event -> null;
            }
            List<RecordComponent> named = new ArrayList<>();
            for (String name : List.of("userId", "participantId")) {
                Arrays.stream(type.getRecordComponents()).filter(c -> c.getName().equals(name)).forEach(named::add);
            }
            return event -> {
                for (RecordComponent component : named) {
                    try {
                        Object value = component.getAccessor().invoke(event);
                        if (value != null) {
                            return value.toString();
                        }
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return null;
            };
        }
    };

    private PersonalData() {
    }

    /** One personal component: its JSON name, the components naming its subject, its placeholder (null: JSON null). */
    private record Field(String name, List<String> subjects, String erased) {
    }

    /**
     * Makes {@code subjectKeys} the key store of this JVM: each part that reads or writes the event store (the write
     * side, the projections) installs its own on start, the last one wins, and closing the installation (on stop)
     * gives the store back to the one before it.
     */
    public static synchronized Installation install(SubjectKeys subjectKeys) {
        SubjectKeys previous = keys;
        keys = subjectKeys;
        return () -> {
            synchronized (PersonalData.class) {
                if (keys == subjectKeys) {
                    keys = previous;
                }
            }
        };
    }

    /** An installed key store; closing it uninstalls it. */
    @FunctionalInterface
    public interface Installation extends AutoCloseable {
        @Override
        void close();
    }

    /** Forgets what the installed store caches for an erased subject. */
    public static void forget(String subject) {
        SubjectKeys installed = keys;
        if (installed != null) {
            installed.forget(subject);
        }
    }

    /** The installed key store, or null. */
    public static SubjectKeys installed() {
        return keys;
    }

    /** Whether events of this class carry personal fields. */
    public static boolean declares(Class<?> eventClass) {
        return !FIELDS.get(eventClass).isEmpty();
    }

    /** Seals the personal fields of an event of {@code eventClass} in its JSON {@code tree} (in place). */
    public static void seal(Class<?> eventClass, ObjectNode tree) {
        for (Field field : FIELDS.get(eventClass)) {
            JsonNode value = tree.get(field.name());
            String subject = subjectOf(tree, field.subjects());
            if (value == null || value.isNull() || isSealed(value) || subject == null) {
                continue;
            }
            Keyring key = store().forSealing(subject);
            tree.set(field.name(), key == null ? placeholder(field, subject)
                    : TextNode.valueOf(sealText(key, subject, json(value), field.name())));
        }
    }

    /** Opens the personal fields of an event of {@code eventClass} in its JSON {@code tree} (in place). */
    /** Whether any personal field of {@code tree} (an event of {@code eventClass}) is still sealed. */
    public static boolean sealedIn(Class<?> eventClass, JsonNode tree) {
        for (Field field : FIELDS.get(eventClass)) {
            JsonNode value = tree.get(field.name());
            if (value != null && isSealed(value)) {
                return true;
            }
        }
        return false;
    }

    public static void open(Class<?> eventClass, ObjectNode tree) {
        for (Field field : FIELDS.get(eventClass)) {
            JsonNode value = tree.get(field.name());
            if (value == null || !isSealed(value)) {
                continue;
            }
            String subject = subjectOfSealed(value.textValue());
            String opened = openText(value.textValue(), field.name());
            tree.set(field.name(), opened == null ? placeholder(field, subject) : parse(opened));
        }
    }

    /**
     * A copy of an event's metadata with the requester's address and user agent sealed: for the acting user, else for
     * the subject the event is about (its {@code userId}, else its {@code participantId}: a sign-in's request, a guest's
     * join). Kept in clear only when there is neither (the platform acting on its own).
     *
     * @param event the event the metadata goes with, or null
     */
    public static Map<String, Object> sealMetadata(Map<String, ?> metadata, Object event) {
        Map<String, Object> copy = new HashMap<>(metadata);
        if (METADATA_FIELDS.stream().noneMatch(name -> copy.get(name) instanceof String text && !text.startsWith(MARK))) {
            return copy;
        }
        Object actor = metadata.get(EventMetadata.KEY_ACTOR_USER_ID);
        String subject = actor != null ? actor.toString() : SUBJECTS.get(event == null ? Object.class : event.getClass()).apply(event);
        if (subject == null) {
            return copy;
        }
        Keyring key = store().forSealing(subject);
        for (String name : METADATA_FIELDS) {
            if (copy.get(name) instanceof String text && !text.startsWith(MARK)) {
                copy.put(name, key == null ? null : sealText(key, subject, text, name));
            }
        }
        copy.values().removeIf(v -> v == null);
        return copy;
    }

    /** A copy of a metadata map with sealed values opened (erased ones removed). */
    public static Map<String, Object> openMetadata(Map<String, ?> metadata) {
        Map<String, Object> copy = new HashMap<>(metadata);
        for (String name : METADATA_FIELDS) {
            if (copy.get(name) instanceof String text && text.startsWith(MARK)) {
                String opened = openText(text, name);
                if (opened == null) {
                    copy.remove(name);
                } else {
                    copy.put(name, opened);
                }
            }
        }
        return copy;
    }

    /** The metadata with sealed values opened (erased ones null). */
    public static EventMetadata open(EventMetadata metadata) {
        if (!isSealed(metadata.clientIp()) && !isSealed(metadata.userAgent())) {
            return metadata;
        }
        return EventMetadata.fromMap(openMetadata(metadata.toMap()));
    }

    private static boolean isSealed(String text) {
        return text != null && text.startsWith(MARK);
    }

    private static boolean isSealed(JsonNode value) {
        return value.isTextual() && value.textValue().startsWith(MARK);
    }

    /** {@code MARK subject ":" base64}: the subject travels with the value (and is bound to it as authenticated data). */
    private static String sealText(Keyring key, String subject, String plaintext, String field) {
        return MARK + subject + ":" + key.seal(plaintext, context(subject, field)).base64();
    }

    private static String subjectOfSealed(String text) {
        int end = text.lastIndexOf(':');
        return end < MARK.length() ? null : text.substring(MARK.length(), end);
    }

    /** The opened text, or null when the key is gone or the value does not open (altered, another subject's). */
    private static String openText(String text, String field) {
        String subject = subjectOfSealed(text);
        if (subject == null) {
            return null;
        }
        Keyring key = store().forOpening(subject);
        if (key == null) {
            return null;
        }
        try {
            return key.open(Sealed.fromBase64(text.substring(text.lastIndexOf(':') + 1)), context(subject, field));
        } catch (Keyring.Unreadable | IllegalArgumentException e) {
            return null;
        }
    }

    private static SubjectKeys store() {
        SubjectKeys installed = keys;
        if (installed == null) {
            throw new IllegalStateException("personal data to seal or open, but no subject key store is installed "
                    + "(PersonalData.install)");
        }
        return installed;
    }

    private static String subjectOf(JsonNode tree, List<String> components) {
        for (String component : components) {
            JsonNode value = tree.get(component);
            if (value != null && !value.isNull()) {
                return value.asText();
            }
        }
        return null;
    }

    /** Bound to subject and field: a sealed value copied into another subject's event or field does not open. */
    private static String context(String subject, String field) {
        return "pii:" + subject + ":" + field;
    }

    private static JsonNode placeholder(Field field, String subject) {
        return field.erased() == null ? JsonNodeFactory.instance.nullNode()
                : TextNode.valueOf(field.erased().replace("{subject}", subject == null ? "" : subject));
    }

    private static String json(JsonNode value) {
        try {
            return EventJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return EventJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an opened personal value is not JSON", e);
        }
    }

    /**
     * What each personal field of an event class reads as once {@code subject} is erased, by JSON name: for a read
     * model that keeps a copy of the payload and anonymises it when the erasure arrives.
     */
    public static Map<String, JsonNode> erasedValues(Class<?> eventClass, String subject) {
        Map<String, JsonNode> values = new HashMap<>();
        FIELDS.get(eventClass).forEach(field -> values.put(field.name(), placeholder(field, subject)));
        return values;
    }

    /** The names of an event class's personal components (for documentation and tests). */
    public static List<String> fieldsOf(Class<?> eventClass) {
        return FIELDS.get(eventClass).stream().map(Field::name).toList();
    }
}
