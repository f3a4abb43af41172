package io.darktower.commands.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darktower.commands.relay.RelayStatus.State;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.darktower.devstack.Sql;
import io.darktower.events.EventEnvelope;
import io.darktower.events.EventJson;
import io.darktower.events.EventMetadata;
import io.darktower.events.Topics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The relay against a real PostgreSQL (logical WAL) and a real Kafka broker. */
class EventRelayTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration QUIET = Duration.ofSeconds(2);

    private static Endpoints endpoints;

    @BeforeAll
    static void stack() {
        endpoints = SharedTestStack.endpoints();
        EventTopics.of(RelaySettings.defaults("jdbc:postgresql://unused/unused", null, null,
                endpoints.kafkaBootstrapServers())).ensure(EventTopics.catalogued());
    }

    @Test
    void aStoppedRelayPublishesWhatWasCommittedMeanwhileOnceItRestarts() throws Exception {
        TestEventStore store = TestEventStore.in(endpoints, "relay_restart");
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
        TestEventStore store = TestEventStore.in(endpoints, "relay_backlog");
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
        TestEventStore store = TestEventStore.in(endpoints, "relay_envelope");
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
            assertThat(envelope.occurredAt()).isEqualTo(TestEventStore.AT);
            assertThat(envelope.metadata()).isEqualTo(new EventMetadata("u-1", "user", "corr-1", "cause-1", "203.0.113.7", "curl/8"));
            assertThat(EventJson.payload(envelope)).isEqualTo(TestEventStore.created(meeting));
        }
    }

    @Test
    void itsStatusAndMetersTellWhetherItStreamsAndWhatItPublished() throws Exception {
        TestEventStore store = TestEventStore.in(endpoints, "relay_status");
        UUID meeting = UUID.randomUUID();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Instant before = Instant.now();
        EventRelay relay = EventRelay.start(store.relaySettings("relay_status"));
        try {
            new RelayMetrics(relay).bindTo(registry);
            assertThat(relay.awaitStreaming(WAIT)).isTrue();
            assertThat(relay.status().state()).isEqualTo(State.STREAMING);
            assertThat(relay.status().lastPublishedAt()).as("nothing published yet").isNull();

            store.append(meeting, 0, 3);
            await().atMost(WAIT).until(() -> relay.status().published() == 3);

            RelayStatus status = relay.status();
            assertThat(status.state()).isEqualTo(State.STREAMING);
            assertThat(status.lastError()).isNull();
            assertThat(status.lastPublishedAt()).isAfterOrEqualTo(before);
            assertThat(registry.get(RelayMetrics.PUBLISHED).functionCounter().count()).isEqualTo(3.0);
            // the stages a stored event's way to Kafka is timed by: from its commit, once per captured batch
            var captured = registry.get(RelayMetrics.STAGE).tag("stage", "commit-to-capture").timer();
            assertThat(captured.count()).isPositive();
            assertThat(captured.max(TimeUnit.MILLISECONDS)).as("from the commit, not from the epoch").isLessThan(30_000);
            assertThat(registry.get(RelayMetrics.STAGE).tag("stage", "commit-to-decoded").timer().count()).isEqualTo(3);
            assertThat(registry.get(RelayMetrics.STAGE).tag("stage", "capture-to-acknowledged").timer().count())
                    .isEqualTo(captured.count());
        } finally {
            relay.close();
        }
        assertThat(relay.status().state()).isEqualTo(State.STOPPED);
    }

    @Test
    void theUrlsSslModeReachesChangeDataCapture() throws Exception {
        TestEventStore store = TestEventStore.in(endpoints, "relay_url_ssl");
        // the test server has no SSL: a relay that dropped the URL's options (as it once did) would stream anyway
        try (EventRelay relay = EventRelay.start(withUrlOptions(store, "relay_url_ssl", "sslmode=require"))) {
            assertThat(relay.awaitStreaming(Duration.ofSeconds(8))).isFalse();
            assertThat(relay.status().lastError()).as("Debezium's own connection was refused")
                    .contains("validating connector config").contains("does not support SSL");
            assertThat(relay.status().state()).as("and the relay says so to a health check").isEqualTo(State.RESTARTING);
        }
    }

    @Test
    void theUrlsOtherOptionsReachTheOffsetStoreAndCaptureStreamsWithThem() throws Exception {
        TestEventStore store = TestEventStore.in(endpoints, "relay_url_options");
        Endpoints db = store.endpoints();
        try (EventRelay relay = EventRelay.start(withUrlOptions(store, "relay_url_options",
                "sslmode=disable&ApplicationName=dt_relay_options&options=-c%20statement_timeout%3D60000"))) {
            assertThat(relay.awaitStreaming(WAIT)).isTrue();
            store.append(UUID.randomUUID(), 0, 1);
            await().atMost(WAIT).until(() -> relay.published() == 1);

            // Debezium names its own connections; the offset store's carries the URL's application name
            assertThat(Sql.strings(db, "SELECT backend_type FROM pg_stat_activity WHERE application_name = 'dt_relay_options'"))
                    .containsExactly("client backend");
        }
    }

    private static RelaySettings withUrlOptions(TestEventStore store, String slot, String options) {
        RelaySettings plain = store.relaySettings(slot);
        return new RelaySettings(plain.jdbcUrl() + "?" + options, plain.user(), plain.password(),
                plain.kafkaBootstrapServers(), slot, plain.topicPartitions(), plain.topicReplication(),
                plain.pollInterval(), plain.heartbeatInterval());
    }

    private static List<Long> sequencesOf(TopicReader reader, UUID meeting) {
        return reader.records.stream()
                .filter(r -> r.key().equals(meeting.toString()))
                .map(r -> EventJson.read(r.value()).aggregateSequence())
                .collect(Collectors.toList());
    }
}
