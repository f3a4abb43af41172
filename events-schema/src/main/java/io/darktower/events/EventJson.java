package io.darktower.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.darktower.crypto.PersonalData;
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

    /** An envelope as consumers read it off Kafka: its personal data opened ({@link #open}). */
    public static EventEnvelope read(byte[] bytes) {
        try {
            return open(MAPPER.readValue(bytes, EventEnvelope.class));
        } catch (IOException e) {
            throw new UncheckedIOException("not an event envelope", e);
        }
    }

    /**
     * The envelope with its personal data opened: the {@link Personal} fields of its payload (an event type of the
     * catalogue) and the requester's address and user agent in its metadata; an erased subject's values read as their
     * placeholders. The one place events are decrypted for every reader (projections, live streams, the store's rows
     * read back); opening an open envelope changes nothing.
     */
    public static EventEnvelope open(EventEnvelope envelope) {
        Class<?> eventClass = EventCatalog.typeOfName(envelope.eventType()).orElse(null);
        // copied only when something is sealed: an envelope opened already (read, then typed by payload) or stored
        // before sealing existed is passed through as it is, on the projections' hot path
        boolean payload = eventClass != null && PersonalData.declares(eventClass) && envelope.payload().isObject()
                && PersonalData.sealedIn(eventClass, envelope.payload());
        EventMetadata metadata = PersonalData.open(envelope.metadata());
        if (!payload && metadata == envelope.metadata()) {
            return envelope;
        }
        JsonNode opened = envelope.payload();
        if (payload) {
            ObjectNode copy = envelope.payload().deepCopy();
            PersonalData.open(eventClass, copy);
            opened = copy;
        }
        return new EventEnvelope(envelope.eventId(), envelope.eventType(), envelope.schemaVersion(),
                envelope.aggregateType(), envelope.aggregateId(), envelope.aggregateSequence(),
                envelope.globalPosition(), envelope.occurredAt(), metadata, opened);
    }

    /** The payload typed by the envelope's event type, its personal data opened. */
    public static Object payload(EventEnvelope envelope) {
        try {
            return MAPPER.treeToValue(open(envelope).payload(), EventCatalog.classOf(envelope.eventType()));
        } catch (IOException e) {
            throw new UncheckedIOException("payload of " + envelope.eventType() + " " + envelope.eventId(), e);
        }
    }
}
