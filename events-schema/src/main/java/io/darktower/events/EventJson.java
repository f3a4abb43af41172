package io.darktower.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON form of events: the event store (through Axon's serializer) and Kafka use the same mapper,
 * so a payload is byte-for-byte what was stored.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .build();

    private EventJson() {
    }

    /** The shared mapper. Do not reconfigure it: copy it instead. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(EventEnvelope envelope) {
        try {
            return MAPPER.writeValueAsBytes(envelope);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static EventEnvelope read(byte[] bytes) {
        try {
            return MAPPER.readValue(bytes, EventEnvelope.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not an event envelope", e);
        }
    }

    /** The payload typed by the envelope's event type. */
    public static Object payload(EventEnvelope envelope) {
        try {
            return MAPPER.treeToValue(envelope.payload(), EventCatalog.classOf(envelope.eventType()));
        } catch (IOException e) {
            throw new UncheckedIOException("payload of " + envelope.eventType() + " " + envelope.eventId(), e);
        }
    }
}
