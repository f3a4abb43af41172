package io.darktower.commands.relay;

import io.darktower.commands.config.EventStoreSchema;
import io.darktower.devstack.Databases;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.Sql;
import io.darktower.events.EventMetadata;
import io.darktower.events.meeting.ConnectionInfo;
import io.darktower.events.meeting.MeetingCreated;
import io.darktower.events.meeting.MeetingSettings;
import io.darktower.events.meeting.MeetingStarted;
import io.darktower.events.meeting.ParticipantJoined;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.postgresql.ds.PGSimpleDataSource;

/** An event store in its own database, appended to through Axon's JDBC engine as the write side does. */
record TestEventStore(EventStorageEngine engine, Endpoints endpoints) {

    static final Instant AT = Instant.parse("2026-01-16T13:00:00Z");

    static TestEventStore in(Endpoints shared, String database) {
        Endpoints own = Databases.create(shared, database);
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(own.jdbcUrl());
        ds.setUser(own.databaseUser());
        ds.setPassword(own.databasePassword());
        EventStoreSchema.migrate(ds);
        EventStorageEngine engine = EventStoreSchema.storageEngine(new DataSourceConnectionProvider(ds),
                NoTransactionManager.INSTANCE, EventStoreSchema.serializer());
        return new TestEventStore(engine, own);
    }

    RelaySettings relaySettings(String slot) {
        return RelaySettings.defaults(endpoints.jdbcUrl(), endpoints.databaseUser(), endpoints.databasePassword(),
                endpoints.kafkaBootstrapServers()).withSlotName(slot);
    }

    static MeetingCreated created(UUID meeting) {
        return new MeetingCreated(meeting, "abc-defg-hij", "Standup", 10, MeetingSettings.DEFAULTS, null, null, AT);
    }

    /** Appends {@code count} events of one meeting from {@code firstSequence}, in one transaction; returns their ids. */
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

    /**
     * Stores a row by hand, as a write side with event classes this one does not know would: returns its id.
     *
     * @param aggregateType what Axon stores in the {@code type} column, the aggregate's simple class name
     */
    String insertRaw(String aggregateType, String aggregateId, long sequence, String payloadType, String payloadJson) {
        String id = UUID.randomUUID().toString();
        Sql.execute(endpoints, """
                INSERT INTO event_store.domain_event_entry
                    (event_identifier, meta_data, payload, payload_type, time_stamp, aggregate_identifier, sequence_number, type)
                VALUES ('%s', '{"actorType":"system"}', '%s', '%s', '%s', '%s', %d, '%s')"""
                .formatted(id, payloadJson, payloadType, AT, aggregateId, sequence, aggregateType));
        return id;
    }
}
