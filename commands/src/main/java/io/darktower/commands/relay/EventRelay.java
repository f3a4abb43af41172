package io.darktower.commands.relay;

import io.darktower.commands.config.EventStoreSchema;
import io.darktower.commands.relay.RelayStatus.State;
import io.darktower.events.EventEnvelope;
import io.darktower.events.EventJson;
import io.darktower.events.StoredEvent;
import io.darktower.events.Topics;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes every stored event to Kafka, in commit order, by change data capture of the event table
 * (Debezium reading PostgreSQL's logical WAL through {@code pgoutput}). No dual write: the event store's commit
 * is the only write a command makes; the relay follows the WAL.
 *
 * <p>Delivery: a batch's offsets are committed only after Kafka acknowledged every record of it (idempotent
 * producer, {@code acks=all}). A relay that stops, cleanly or not, resumes from the last committed offset, so
 * nothing is lost; after a crash between acknowledgement and offset commit the uncommitted tail is published
 * again, and consumers drop it by aggregate sequence. A failure restarts the capture after a back-off.
 *
 * <p>An event whose type is not in the catalogue (written by a newer write side, say) is published under its
 * stored type name ({@link StoredEvent#toEnvelopeAsStored()}) with a warning, once per type: stopping would hold every
 * later event back from every read model.
 */
public final class EventRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventRelay.class);
    private static final String TOPIC_PREFIX = "darktower-relay";
    /** Debezium's name for changes of the event table: prefix, schema, table. */
    private static final String CAPTURE_TOPIC = TOPIC_PREFIX + "." + EventStoreSchema.EVENT_TABLE;
    private static final String HEARTBEAT_TABLE = EventStoreSchema.SCHEMA + ".relay_heartbeat";
    private static final Duration MIN_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final RelaySettings settings;
    private final PostgresUrl database;
    private final EventTopics topics;
    private final Consumer<List<EventEnvelope>> acknowledged;
    private final KafkaProducer<String, byte[]> producer;
    private final Thread supervisor;
    private final CountDownLatch streaming = new CountDownLatch(1);
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final AtomicLong published = new AtomicLong();
    private final Set<String> unknownTypesSeen = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;
    private volatile State state = State.STARTING;
    private volatile String lastError;
    private volatile Instant lastPublishedAt;
    private volatile DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private volatile Timer captureToAcknowledged;

    private EventRelay(RelaySettings settings, EventTopics topics, Consumer<List<EventEnvelope>> acknowledged) {
        this.settings = settings;
        this.database = PostgresUrl.parse(settings.jdbcUrl());
        this.topics = topics;
        this.acknowledged = acknowledged;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.CLIENT_ID_CONFIG, "darktower-relay-" + settings.slotName()),
                new StringSerializer(), new ByteArraySerializer());
        this.supervisor = new Thread(this::superviseCapture, "event-relay-" + settings.slotName());
        if (database.multiHost()) {
            log.warn("relay {}: the event store URL names {} hosts; change data capture follows the first, {}",
                    settings.slotName(), database.hosts().size(), database.captureHost());
        }
    }

    /** Creates the event topics if missing (and makes them keep events forever), then starts capturing. */
    public static EventRelay start(RelaySettings settings) {
        return start(settings, acknowledgedBatch -> { });
    }

    /**
     * As {@link #start(RelaySettings)}, telling {@code acknowledged} of every batch that Kafka acknowledged,
     * before its offsets are committed: the window in which a crash makes the relay publish a batch again.
     */
    static EventRelay start(RelaySettings settings, Consumer<List<EventEnvelope>> acknowledged) {
        EventTopics topics = EventTopics.of(settings);
        topics.ensure(EventTopics.catalogued());
        EventRelay relay = new EventRelay(settings, topics, acknowledged);
        relay.supervisor.start();
        return relay;
    }

    /** Blocks until change data capture streams (or the timeout passes); true if it does. */
    public boolean awaitStreaming(Duration timeout) throws InterruptedException {
        return streaming.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Records acknowledged by Kafka since this relay started. */
    public long published() {
        return published.get();
    }

    /** Where the relay is, for a health check. */
    public RelayStatus status() {
        return new RelayStatus(state, lastError, lastPublishedAt, published.get());
    }

    private void superviseCapture() {
        Duration backoff = MIN_BACKOFF;
        while (running) {
            AtomicBoolean streamed = new AtomicBoolean();
            engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                    .using(debeziumProperties())
                    .using(new DebeziumEngine.ConnectorCallback() {
                        @Override
                        public void taskStarted() {
                            streamed.set(true);
                            if (running) {
                                state = State.STREAMING;
                            }
                            streaming.countDown();
                        }
                    })
                    .using((success, message, error) -> {
                        if (!success && running) {
                            lastError = error == null ? message : message + ": " + error;
                            log.error("event relay stopped: {}", message, error);
                        }
                    })
                    .notifying(this::publishBatch)
                    .build();
            engine.run(); // returns when the engine is closed or fails
            if (running) {
                state = State.RESTARTING;
                if (streamed.get()) {
                    backoff = MIN_BACKOFF; // it ran: this failure is a new one, not the last one repeating
                }
                log.warn("event relay restarts in {} ms", backoff.toMillis());
                awaitStop(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /** Times, from now on, each captured batch from its hand-over to the relay to Kafka's acknowledgement of all of it. */
    void timeStages(Timer captureToAcknowledged) {
        this.captureToAcknowledged = captureToAcknowledged;
    }

    private void publishBatch(List<RecordChangeEvent<SourceRecord>> batch,
                              DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        long capturedAtNanos = System.nanoTime();
        List<EventEnvelope> envelopes = new ArrayList<>(batch.size());
        List<Future<RecordMetadata>> sends = new ArrayList<>(batch.size());
        try {
            for (RecordChangeEvent<SourceRecord> change : batch) {
                // heartbeat records and relay_heartbeat rows (other topics) only move the offsets on
                if (CAPTURE_TOPIC.equals(change.record().topic())
                        && change.record().value() instanceof Struct value && isInsertOrSnapshot(value)) {
                    EventEnvelope envelope = storedEvent(value.getStruct("after")).toEnvelopeAsStored();
                    if (envelope.schemaVersion() == StoredEvent.UNKNOWN_SCHEMA_VERSION) {
                        warnOfUnknownType(envelope);
                    }
                    ProducerRecord<String, byte[]> record = toRecord(envelope);
                    topics.ensure(record.topic()); // a topic outside the catalogue keeps its events forever too
                    envelopes.add(envelope);
                    sends.add(producer.send(record));
                }
            }
            for (Future<RecordMetadata> send : sends) {
                send.get();
            }
        } catch (ExecutionException e) {
            // offsets stay uncommitted: the whole batch is captured again after the restart
            lastError = "Kafka refused a stored event: " + e.getCause();
            throw new IllegalStateException("Kafka refused a stored event", e.getCause());
        } catch (RuntimeException e) {
            lastError = "cannot publish a stored event: " + e;
            throw e;
        }
        if (!sends.isEmpty()) {
            Timer toAcknowledged = captureToAcknowledged;
            if (toAcknowledged != null) {
                toAcknowledged.record(System.nanoTime() - capturedAtNanos, TimeUnit.NANOSECONDS);
            }
            published.addAndGet(sends.size());
            lastPublishedAt = Instant.now();
            acknowledged.accept(envelopes);
        }
        for (RecordChangeEvent<SourceRecord> change : batch) {
            committer.markProcessed(change);
        }
        committer.markBatchFinished();
    }

    private void warnOfUnknownType(EventEnvelope envelope) {
        if (unknownTypesSeen.add(envelope.eventType())) {
            log.warn("relay {}: event type {} is not in the event catalogue; publishing it under its stored type name "
                            + "to aggregate type {} (first seen: event {}, {} {} #{})", settings.slotName(),
                    envelope.eventType(), envelope.aggregateType(), envelope.eventId(), envelope.aggregateType(),
                    envelope.aggregateId(), envelope.aggregateSequence());
        }
    }

    static ProducerRecord<String, byte[]> toRecord(EventEnvelope envelope) {
        var record = new ProducerRecord<>(Topics.forAggregateType(envelope.aggregateType()), envelope.aggregateId(),
                EventJson.write(envelope));
        record.headers().add(Topics.HEADER_EVENT_TYPE, envelope.eventType().getBytes(StandardCharsets.UTF_8));
        record.headers().add(Topics.HEADER_EVENT_ID, envelope.eventId().getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static boolean isInsertOrSnapshot(Struct value) {
        String op = value.getString("op");
        return "c".equals(op) || "r".equals(op);
    }

    private static StoredEvent storedEvent(Struct row) {
        return StoredEvent.fromColumns(row::get);
    }

    private Properties debeziumProperties() {
        Properties p = database.debeziumProperties(settings.user(), settings.password());
        p.setProperty("name", settings.slotName());
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("offset.storage", PostgresOffsetStore.class.getName());
        p.setProperty(PostgresOffsetStore.URL, settings.jdbcUrl());
        if (settings.user() != null) {
            p.setProperty(PostgresOffsetStore.USER, settings.user());
        }
        if (settings.password() != null) {
            p.setProperty(PostgresOffsetStore.PASSWORD, settings.password());
        }
        p.setProperty(PostgresOffsetStore.RELAY, settings.slotName());
        p.setProperty("offset.flush.interval.ms", "0");
        p.setProperty("topic.prefix", TOPIC_PREFIX);
        // the read models share the database: a heartbeat writes a captured row (V2__relay_heartbeat.sql), so the
        // slot moves on while the event table is quiet and their writes fill the WAL
        p.setProperty("heartbeat.interval.ms", String.valueOf(settings.heartbeatInterval().toMillis()));
        p.setProperty("heartbeat.action.query", "INSERT INTO " + HEARTBEAT_TABLE + " (slot_name, beat_at) VALUES ('"
                + settings.slotName() + "', NOW()) ON CONFLICT (slot_name) DO UPDATE SET beat_at = NOW()");
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", settings.slotName());
        p.setProperty("publication.name", "darktower_events");
        p.setProperty("publication.autocreate.mode", "filtered");
        p.setProperty("table.include.list", EventStoreSchema.EVENT_TABLE + "," + HEARTBEAT_TABLE);
        // the first start publishes the events already stored, in store order; later starts resume from offsets
        p.setProperty("snapshot.mode", "initial");
        p.setProperty("snapshot.select.statement.overrides", EventStoreSchema.EVENT_TABLE);
        p.setProperty("snapshot.select.statement.overrides." + EventStoreSchema.EVENT_TABLE,
                "SELECT * FROM " + EventStoreSchema.EVENT_TABLE + " ORDER BY global_index");
        p.setProperty("poll.interval.ms", String.valueOf(settings.pollInterval().toMillis()));
        p.setProperty("max.batch.size", "2048");
        p.setProperty("max.queue.size", "16384");
        p.setProperty("tombstones.on.delete", "false");
        p.setProperty("decimal.handling.mode", "string");
        return p;
    }

    /** Waits out a back-off, or less if the relay is being closed. */
    private void awaitStop(Duration duration) {
        try {
            stopRequested.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops capturing; offsets of every acknowledged batch are committed, so a restart resumes after it. */
    @Override
    public void close() {
        running = false;
        stopRequested.countDown();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try {
            // the supervisor may be building the next engine right now: close whichever one is current until it exits
            while (supervisor.isAlive() && System.nanoTime() < deadline) {
                DebeziumEngine<?> current = engine;
                if (current != null) {
                    try {
                        current.close();
                    } catch (Exception e) {
                        log.debug("closing the capture engine", e);
                    }
                }
                supervisor.join(Duration.ofMillis(200));
            }
            if (supervisor.isAlive()) {
                log.warn("event relay did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            producer.close(Duration.ofSeconds(10));
            state = State.STOPPED;
        }
    }
}
