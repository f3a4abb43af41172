package io.darktower.commands.relay;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.darktower.events.EventCatalog;
import io.darktower.events.EventEnvelope;
import io.darktower.events.EventJson;
import io.darktower.events.EventMetadata;
import io.darktower.events.EventType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/** One row of {@code event_store.domain_event_entry}, as change data capture delivers it. */
public record StoredEvent(
        long globalIndex,
        String eventIdentifier,
        String metaData,
        String payload,
        String payloadType,
        String timeStamp,
        String aggregateIdentifier,
        long sequenceNumber) {

    /**
     * The envelope published for this row.
     *
     * @throws IllegalStateException when the payload type is not in the event catalogue: such an event must
     *                               stop the relay rather than be skipped, or a read model would silently miss it
     */
    public EventEnvelope toEnvelope() {
        EventType type = EventCatalog.typeOfClassName(payloadType).orElseThrow(() -> new IllegalStateException(
                "stored event " + eventIdentifier + " has type " + payloadType + ", which is not in the event catalogue"));
        return new EventEnvelope(
                eventIdentifier,
                type.name(),
                type.version(),
                type.aggregateType(),
                aggregateIdentifier,
                sequenceNumber,
                globalIndex,
                Instant.parse(timeStamp),
                EventMetadata.fromMap(parseMap(metaData)),
                parse(payload));
    }

    private static Map<String, Object> parseMap(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return EventJson.mapper().readValue(json, new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return EventJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
