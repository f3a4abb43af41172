package io.darktower.events;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One row of the event store's table {@code event_store.domain_event_entry}, as Axon's JDBC engine wrote it.
 * Shared because both sides read the store: the relay (change data capture) publishes it to Kafka, and the read
 * side reads the table directly to rebuild or heal a read model; both must turn a row into the same envelope.
 *
 * @param payloadType the Java class name Axon stored the payload under
 * @param timeStamp   the event's time as Axon stored it (ISO-8601 text)
 * @param type        the aggregate's type as Axon stored it: the aggregate class's simple name ({@code Meeting});
 *                    null for an event no aggregate applied
 */
public record StoredEvent(
        long globalIndex,
        String eventIdentifier,
        String metaData,
        String payload,
        String payloadType,
        String timeStamp,
        String aggregateIdentifier,
        long sequenceNumber,
        String type) {

    /** Schema version of an envelope whose type is not in the catalogue: no version of it is known. */
    public static final int UNKNOWN_SCHEMA_VERSION = 0;
    /** Aggregate type of an envelope whose type is not in the catalogue and whose row names no aggregate type. */
    public static final String UNKNOWN_AGGREGATE_TYPE = "unknown";

    /** The table's columns in the order {@link #read(ResultSet)} expects: {@code SELECT COLUMNS FROM ...}. */
    public static final String COLUMNS = "global_index, event_identifier, meta_data, payload, payload_type, "
            + "time_stamp, aggregate_identifier, sequence_number, type";

    /** Reads the current row of a result set selected with {@link #COLUMNS}. */
    public static StoredEvent read(ResultSet row) throws SQLException {
        return fromColumns(row::getObject);
    }

    /** A row's column values by name. */
    @FunctionalInterface
    public interface Columns<X extends Exception> {
        Object get(String column) throws X;
    }

    /**
     * A row from its columns by name, however they arrive (a JDBC result set, a change-data-capture record): the one
     * mapping of the table's columns.
     */
    public static <X extends Exception> StoredEvent fromColumns(Columns<X> column) throws X {
        return new StoredEvent(
                ((Number) column.get("global_index")).longValue(),
                (String) column.get("event_identifier"),
                (String) column.get("meta_data"),
                (String) column.get("payload"),
                (String) column.get("payload_type"),
                (String) column.get("time_stamp"),
                (String) column.get("aggregate_identifier"),
                ((Number) column.get("sequence_number")).longValue(),
                (String) column.get("type"));
    }

    /** The wire type of this row's payload, empty when the payload type is not in the event catalogue. */
    public Optional<EventType> eventType() {
        return EventCatalog.typeOfClassName(payloadType);
    }

    /**
     * The envelope published for this row. A payload type that is not in the catalogue (an event of a newer
     * write side, or of a class since renamed) is published all the same, rather than stopping the relay or
     * hiding the event: its event type is the stored class name, its schema version
     * {@value #UNKNOWN_SCHEMA_VERSION}, and its aggregate type the row's {@code type} lower-cased
     * ({@code Meeting} becomes {@link EventCatalog#MEETING}), or {@value #UNKNOWN_AGGREGATE_TYPE} without one.
     * Consumers that do not know the type skip or park it. Its personal data is opened ({@link EventJson#open}).
     */
    public EventEnvelope toEnvelope() {
        return EventJson.open(toEnvelopeAsStored());
    }

    /**
     * The envelope with the row's personal data as stored (sealed): what the relay publishes, so Kafka never holds
     * what an erasure must be able to shred. Readers use {@link #toEnvelope()}.
     */
    public EventEnvelope toEnvelopeAsStored() {
        EventType known = eventType().orElse(null);
        return new EventEnvelope(
                eventIdentifier,
                known != null ? known.name() : payloadType,
                known != null ? known.version() : UNKNOWN_SCHEMA_VERSION,
                known != null ? known.aggregateType() : aggregateTypeOfRow(),
                aggregateIdentifier,
                sequenceNumber,
                globalIndex,
                Instant.parse(timeStamp),
                EventMetadata.fromMap(parseMap(metaData)),
                parse(payload));
    }

    private String aggregateTypeOfRow() {
        return type == null || type.isBlank() ? UNKNOWN_AGGREGATE_TYPE : type.toLowerCase(Locale.ROOT);
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
