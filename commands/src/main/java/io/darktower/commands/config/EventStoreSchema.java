package io.darktower.commands.config;

import io.darktower.events.EventJson;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.flywaydb.core.Flyway;

/** Migrates the write side's schema ({@code event_store}); its Flyway history lives in that schema too. */
public final class EventStoreSchema {

    public static final String SCHEMA = "event_store";
    public static final String EVENT_TABLE = SCHEMA + ".domain_event_entry";
    private static final String UNIQUE_VIOLATION = "23505";

    private EventStoreSchema() {
    }

    /** Axon's view of the tables of {@code V1__event_store.sql}: snake_case columns, schema-qualified. */
    public static EventSchema axonSchema() {
        return EventSchema.builder()
                .eventTable(EVENT_TABLE)
                .snapshotTable(SCHEMA + ".snapshot_event_entry")
                .globalIndexColumn("global_index")
                .eventIdentifierColumn("event_identifier")
                .metaDataColumn("meta_data")
                .payloadColumn("payload")
                .payloadRevisionColumn("payload_revision")
                .payloadTypeColumn("payload_type")
                .timestampColumn("time_stamp")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .build();
    }

    /** Axon's view of {@code token_entry} (V1): where tracking processors keep their position. */
    public static TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable(SCHEMA + ".token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }

    /**
     * Axon's JSON serializer on a copy of the shared event mapper (Axon registers modules on the mapper it is
     * given), so stored payloads have exactly the form Kafka envelopes carry.
     */
    public static JacksonSerializer serializer() {
        return JacksonSerializer.builder().objectMapper(EventJson.mapper().copy()).build();
    }

    /**
     * {@link #serializer()} sealing personal data with the subject keys installed in
     * {@link io.darktower.crypto.PersonalData}: what the write side stores events with.
     */
    public static Serializer sealingSerializer() {
        return new PersonalDataSerializer(serializer());
    }

    /**
     * Axon's JDBC event store on these tables. A unique-key violation (SQLSTATE 23505) on append means another
     * node appended to the same aggregate first: the resolver turns it into Axon's concurrency failure,
     * which the command gateway retries.
     */
    public static EventStorageEngine storageEngine(ConnectionProvider connections, TransactionManager transactions,
                                                   Serializer serializer) {
        return JdbcEventStorageEngine.builder()
                .connectionProvider(connections)
                .transactionManager(transactions)
                .schema(axonSchema())
                .dataType(String.class)
                .persistenceExceptionResolver(new SQLStateResolver(UNIQUE_VIOLATION))
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .build();
    }

    public static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .locations("classpath:db/migration/eventstore")
                .load()
                .migrate();
    }
}
