package io.darktower.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.darktower.events.meeting.MeetingStarted;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A stored row becomes the envelope both the relay and the read side see, whether or not its type is known. */
class StoredEventTest {

    private static final UUID MEETING = UUID.fromString("550e8400-e29b-41d4-a716-446655440000");
    private static final String AT = "2024-01-16T13:20:00Z";
    private static final String METADATA = "{\"actorUserId\":\"u-1\",\"actorType\":\"user\",\"correlationId\":\"c-1\","
            + "\"causationId\":\"k-1\",\"clientIp\":\"203.0.113.7\",\"userAgent\":\"curl/8\",\"traceId\":\"ignored\"}";

    private static StoredEvent row(String payloadType, String payload, String type) {
        return new StoredEvent(42, "e-1", METADATA, payload, payloadType, AT, MEETING.toString(), 3, type);
    }

    @Test
    void aCataloguedTypeTravelsUnderItsWireNameAndVersion() {
        StoredEvent row = row(MeetingStarted.class.getName(), "{\"meetingId\":\"" + MEETING + "\",\"startedAt\":\"" + AT + "\"}", "Meeting");

        EventEnvelope envelope = row.toEnvelope();

        EventType type = EventCatalog.typeOf(MeetingStarted.class);
        assertThat(row.eventType()).contains(type);
        assertThat(envelope).isEqualTo(new EventEnvelope("e-1", type.name(), type.version(), type.aggregateType(),
                MEETING.toString(), 3, 42, Instant.parse(AT),
                new EventMetadata("u-1", "user", "c-1", "k-1", "203.0.113.7", "curl/8"), envelope.payload()));
        assertThat(EventJson.payload(envelope)).isEqualTo(new MeetingStarted(MEETING, Instant.parse(AT)));
    }

    @Test
    void anUnknownTypeTravelsUnderItsStoredNameWithVersionZeroAndTheRowsAggregateType() {
        EventEnvelope envelope = row("com.example.Unknown", "{\"colour\":\"blue\"}", "Meeting").toEnvelope();

        assertThat(envelope.eventType()).isEqualTo("com.example.Unknown");
        assertThat(envelope.schemaVersion()).isEqualTo(StoredEvent.UNKNOWN_SCHEMA_VERSION).isZero();
        assertThat(envelope.aggregateType()).isEqualTo(EventCatalog.MEETING);
        assertThat(envelope.payload().get("colour").asText()).isEqualTo("blue");
        assertThat(envelope.aggregateSequence()).isEqualTo(3);
        assertThat(envelope.globalPosition()).isEqualTo(42);
    }

    @Test
    void anUnknownTypeWithoutAnAggregateTypeGoesToTheUnknownAggregateType() {
        assertThat(row("com.example.Unknown", "{}", null).toEnvelope().aggregateType())
                .isEqualTo(StoredEvent.UNKNOWN_AGGREGATE_TYPE);
        assertThat(row("com.example.Unknown", "{}", "MeetingController").toEnvelope().aggregateType())
                .isEqualTo("meetingcontroller");
    }

    @Test
    void aRowWithoutMetadataHasEmptyMetadata() {
        StoredEvent row = new StoredEvent(1, "e-2", null, "{}", "com.example.Unknown", AT, "a-1", 0, "Meeting");

        assertThat(row.toEnvelope().metadata()).isEqualTo(new EventMetadata(null, null, null, null, null, null));
    }
}
