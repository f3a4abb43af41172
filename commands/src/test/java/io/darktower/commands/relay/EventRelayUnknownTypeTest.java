package io.darktower.commands.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.darktower.commands.relay.RelayStatus.State;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.darktower.events.EventCatalog;
import io.darktower.events.EventEnvelope;
import io.darktower.events.StoredEvent;
import io.darktower.events.Topics;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/**
 * An event whose type this relay does not know (written by a newer write side, say) is published under its stored
 * type name, and the relay goes on publishing what follows: halting would hold every later event back from every
 * read model. The read side, reading the same row from the store, sees the same envelope.
 */
class EventRelayUnknownTypeTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void anUnknownTypeIsPublishedUnderItsStoredNameAndLaterEventsFollow() throws Exception {
        Endpoints shared = SharedTestStack.endpoints();
        TestEventStore store = TestEventStore.in(shared, "relay_unknown_type");
        UUID meeting = UUID.randomUUID();

        try (EventRelay relay = EventRelay.start(store.relaySettings("relay_unknown_type"));
             TopicReader reader = new TopicReader(shared.kafkaBootstrapServers(), Topics.MEETING_EVENTS)) {
            assertThat(relay.awaitStreaming(WAIT)).isTrue();
            store.append(meeting, 0, 1);
            String unknownId = store.insertRaw("Meeting", meeting.toString(), 1, "com.example.Unknown", "{\"colour\":\"blue\"}");
            store.append(meeting, 2, 2);

            List<EventEnvelope> got = reader.read(e -> e.aggregateId().equals(meeting.toString()), 4, WAIT, Duration.ofSeconds(1));

            assertThat(got).extracting(EventEnvelope::eventType)
                    .containsExactly("MeetingCreated", "com.example.Unknown", "ParticipantJoined", "ParticipantJoined");
            EventEnvelope unknown = got.get(1);
            assertThat(unknown.eventId()).isEqualTo(unknownId);
            assertThat(unknown.schemaVersion()).isEqualTo(StoredEvent.UNKNOWN_SCHEMA_VERSION);
            assertThat(unknown.aggregateType()).as("the row's type, Meeting, lower-cased").isEqualTo(EventCatalog.MEETING);
            assertThat(unknown.aggregateSequence()).isEqualTo(1);
            assertThat(unknown.payload().get("colour").asText()).isEqualTo("blue");
            assertThat(unknown.metadata().actorType()).isEqualTo("system");
            var record = reader.records.stream().filter(r -> new String(r.headers().lastHeader(Topics.HEADER_EVENT_ID).value(),
                    StandardCharsets.UTF_8).equals(unknownId)).findFirst().orElseThrow();
            assertThat(new String(record.headers().lastHeader(Topics.HEADER_EVENT_TYPE).value(), StandardCharsets.UTF_8))
                    .isEqualTo("com.example.Unknown");

            assertThat(readFromStore(store.endpoints(), unknownId).toEnvelope())
                    .as("read from the store as the read side does, the row is the same envelope").isEqualTo(unknown);
            assertThat(relay.status().state()).isEqualTo(State.STREAMING);
            assertThat(relay.status().lastError()).isNull();
        }
    }

    @Test
    void anUnknownAggregateTypeGetsItsOwnTopicKeptForever() throws Exception {
        Endpoints shared = SharedTestStack.endpoints();
        TestEventStore store = TestEventStore.in(shared, "relay_unknown_aggregate");
        String aggregateType = "Recording" + Long.toString(System.nanoTime(), 36); // a topic no run made before
        String topic = Topics.forAggregateType(aggregateType.toLowerCase(Locale.ROOT));
        String recording = UUID.randomUUID().toString();
        UUID meeting = UUID.randomUUID();

        try (EventRelay relay = EventRelay.start(store.relaySettings("relay_unknown_aggregate"))) {
            assertThat(relay.awaitStreaming(WAIT)).isTrue();
            String id = store.insertRaw(aggregateType, recording, 0, "com.example.RecordingStarted", "{}");
            store.append(meeting, 0, 1);

            try (TopicReader recordings = new TopicReader(shared.kafkaBootstrapServers(), topic);
                 TopicReader meetings = new TopicReader(shared.kafkaBootstrapServers(), Topics.MEETING_EVENTS)) {
                assertThat(recordings.read(e -> true, 1, WAIT, Duration.ZERO)).singleElement().satisfies(e -> {
                    assertThat(e.eventId()).isEqualTo(id);
                    assertThat(e.aggregateType()).isEqualTo(aggregateType.toLowerCase(Locale.ROOT));
                    assertThat(e.eventType()).isEqualTo("com.example.RecordingStarted");
                });
                assertThat(meetings.read(e -> e.aggregateId().equals(meeting.toString()), 1, WAIT, Duration.ZERO)).hasSize(1);
            }
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, shared.kafkaBootstrapServers()))) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                var config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
                assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("-1");
            }
        }
    }

    private static StoredEvent readFromStore(Endpoints db, String eventId) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.databaseUser(), db.databasePassword());
             PreparedStatement select = c.prepareStatement(
                     "SELECT " + StoredEvent.COLUMNS + " FROM event_store.domain_event_entry WHERE event_identifier = ?")) {
            select.setString(1, eventId);
            try (ResultSet rs = select.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return StoredEvent.read(rs);
            }
        }
    }
}
