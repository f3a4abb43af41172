package io.darktower.commands.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.darktower.commands.config.EventStoreSchema;
import io.darktower.devstack.Databases;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.darktower.events.EventEnvelope;
import io.darktower.events.EventJson;
import io.darktower.events.EventMetadata;
import io.darktower.events.Topics;
import io.darktower.events.meeting.ConnectionInfo;
import io.darktower.events.meeting.MeetingCreated;
import io.darktower.events.meeting.MeetingSettings;
import io.darktower.events.meeting.MeetingStarted;
import io.darktower.events.meeting.ParticipantJoined;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The relay against a real PostgreSQL (logical WAL) and a real Kafka broker. */
class EventRelayTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration QUIET = Duration.ofSeconds(2);

    private static Endpoints endpoints;

    @BeforeAll
    static void stack() {
        endpoints = SharedTestStack.endpoints();
        EventRelay.createTopics(RelaySettings.defaults("unused", 0, "unused", "unused", "unused",
                endpoints.kafkaBootstrapServers()));
    }

    @Test
    void aStoppedRelayPublishesWhatWasCommittedMeanwhileOnceItRestarts() throws Exception {
        Store store = Store.in(endpoints, "relay_restart");
        RelaySettings settings = store.relaySettings("relay_restart");
        UUID meetingA = UUID.randomUUID();
        UUID meetingB = UUID.randomUUID();

        List<String> ids = new ArrayList<>();
        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrapServers(), Topics.MEETING_EVENTS)) {
            try (EventRelay relay = EventRelay.start(settings)) {
                assertThat(relay.awaitStreaming(WAIT)).isTrue();
                ids.addAll(store.append(meetingA, 0, 3));
                assertThat(reader.read(e -> Set.of(meetingA.toString()).contains(e.aggregateId()), 3, WAIT, Duration.ZERO))
                        .hasSize(3);
            }

            // relay down: the commands keep committing
            ids.addAll(store.append(meetingA, 3, 2));
            ids.addAll(store.append(meetingB, 0, 3));

            try (EventRelay relay = EventRelay.start(settings)) {
                assertThat(relay.awaitStreaming(WAIT)).isTrue();
                List<EventEnvelope> afterRestart = reader.read(
                        e -> e.aggregateId().equals(meetingA.toString()) || e.aggregateId().equals(meetingB.toString()),
                        5, WAIT, QUIET);
                assertThat(afterRestart).hasSize(5);
            }
            List<String> everyIdPublished = reader.records.stream()
                    .map(r -> new String(r.headers().lastHeader(Topics.HEADER_EVENT_ID).value(), StandardCharsets.UTF_8))
                    .toList();
            assertThat(everyIdPublished).as("each stored event arrives exactly once").containsExactlyInAnyOrderElementsOf(ids);
            assertThat(sequencesOf(reader, meetingA)).as("in aggregate order").containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThat(sequencesOf(reader, meetingB)).containsExactly(0L, 1L, 2L);
        }
    }

    @Test
    void eventsStoredBeforeTheRelayFirstRanArePublishedInStoreOrder() throws Exception {
        Store store = Store.in(endpoints, "relay_backlog");
        UUID meeting = UUID.randomUUID();
        List<String> ids = store.append(meeting, 0, 3);

        try (EventRelay relay = EventRelay.start(store.relaySettings("relay_backlog"));
             TopicReader reader = new TopicReader(endpoints.kafkaBootstrapServers(), Topics.MEETING_EVENTS)) {
            List<EventEnvelope> got = reader.read(e -> e.aggregateId().equals(meeting.toString()), 3, WAIT, QUIET);
            assertThat(got).extracting(EventEnvelope::eventId).containsExactlyElementsOf(ids);
        }
    }

    @Test
    void theEnvelopeCarriesTypePositionsMetadataAndThePayloadAsStored() throws Exception {
        Store store = Store.in(endpoints, "relay_envelope");
        UUID meeting = UUID.randomUUID();
        try (EventRelay relay = EventRelay.start(store.relaySettings("relay_envelope"));
             TopicReader reader = new TopicReader(endpoints.kafkaBootstrapServers(), Topics.MEETING_EVENTS)) {
            assertThat(relay.awaitStreaming(WAIT)).isTrue();
            String id = store.append(meeting, 0, 1).get(0);

            EventEnvelope envelope = reader.read(e -> e.aggregateId().equals(meeting.toString()), 1, WAIT, Duration.ZERO).get(0);
            var record = reader.records.get(reader.records.size() - 1);

            assertThat(record.key()).isEqualTo(meeting.toString());
            assertThat(new String(record.headers().lastHeader(Topics.HEADER_EVENT_TYPE).value(), StandardCharsets.UTF_8))
                    .isEqualTo("MeetingCreated");
            assertThat(envelope.eventId()).isEqualTo(id);
            assertThat(envelope.eventType()).isEqualTo("MeetingCreated");
            assertThat(envelope.schemaVersion()).isEqualTo(1);
            assertThat(envelope.aggregateType()).isEqualTo("meeting");
            assertThat(envelope.aggregateSequence()).isZero();
            assertThat(envelope.globalPosition()).isPositive();
            assertThat(envelope.occurredAt()).isEqualTo(Store.AT);
            assertThat(envelope.metadata()).isEqualTo(new EventMetadata("u-1", "user", "corr-1", "cause-1", "203.0.113.7", "curl/8"));
            assertThat(EventJson.payload(envelope)).isEqualTo(Store.created(meeting));
        }
    }

    private static List<Long> sequencesOf(TopicReader reader, UUID meeting) {
        return reader.records.stream()
                .filter(r -> r.key().equals(meeting.toString()))
                .map(r -> EventJson.read(r.value()).aggregateSequence())
                .collect(Collectors.toList());
    }

    /** An event store in its own database, appended to through Axon's JDBC engine as the write side does. */
    record Store(EventStorageEngine engine, Endpoints endpoints) {

        static final Instant AT = Instant.parse("2026-01-16T13:00:00Z");

        static Store in(Endpoints shared, String database) {
            Endpoints own = Databases.create(shared, database);
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(own.jdbcUrl());
            ds.setUser(own.databaseUser());
            ds.setPassword(own.databasePassword());
            EventStoreSchema.migrate(ds);
            EventStorageEngine engine = EventStoreSchema.storageEngine(new DataSourceConnectionProvider(ds),
                    NoTransactionManager.INSTANCE, EventStoreSchema.serializer());
            return new Store(engine, own);
        }

        RelaySettings relaySettings(String slot) {
            return RelaySettings.defaults(endpoints.postgresHost(), endpoints.postgresPort(), endpoints.database(),
                    endpoints.databaseUser(), endpoints.databasePassword(), endpoints.kafkaBootstrapServers())
                    .withSlotName(slot);
        }

        static MeetingCreated created(UUID meeting) {
            return new MeetingCreated(meeting, "abc-defg-hij", "Standup", 10, MeetingSettings.DEFAULTS, null, null, AT);
        }

        /** Appends {@code count} events of one meeting from {@code firstSequence}; returns their ids. */
        List<String> append(UUID meeting, long firstSequence, int count) {
            List<DomainEventMessage<?>> events = new ArrayList<>();
            MetaData metaData = MetaData.from(Map.of(
                    EventMetadata.KEY_ACTOR_USER_ID, "u-1", EventMetadata.KEY_ACTOR_TYPE, "user",
                    EventMetadata.KEY_CORRELATION_ID, "corr-1", EventMetadata.KEY_CAUSATION_ID, "cause-1",
                    EventMetadata.KEY_CLIENT_IP, "203.0.113.7", EventMetadata.KEY_USER_AGENT, "curl/8"));
            for (long seq = firstSequence; seq < firstSequence + count; seq++) {
                Object payload = seq == 0 ? created(meeting)
                        : seq == 1 ? new MeetingStarted(meeting, AT)
                        : new ParticipantJoined(meeting, UUID.randomUUID(), null, "P" + seq, AT, ConnectionInfo.UNKNOWN);
                events.add(new GenericDomainEventMessage<>("Meeting", meeting.toString(), seq, payload, metaData,
                        UUID.randomUUID().toString(), AT));
            }
            engine.appendEvents(events);
            return events.stream().map(DomainEventMessage::getIdentifier).toList();
        }
    }
}
