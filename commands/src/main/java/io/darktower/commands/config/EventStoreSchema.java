package io.darktower.commands.config;

import javax.sql.DataSource;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.flywaydb.core.Flyway;

/** Migrates the write side's schema ({@code event_store}); its Flyway history lives in that schema too. */
public final class EventStoreSchema {

    public static final String SCHEMA = "event_store";
    public static final String EVENT_TABLE = SCHEMA + ".domain_event_entry";

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
