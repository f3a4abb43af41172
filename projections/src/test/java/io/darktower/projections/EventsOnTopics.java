package io.darktower.projections;

import io.darktower.events.AggregateType;
import io.darktower.events.Aggregates;
import io.darktower.events.EventCatalog;
import io.darktower.events.EventEnvelope;
import io.darktower.events.EventJson;
import io.darktower.events.EventMetadata;
import io.darktower.events.EventType;
import io.darktower.events.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Puts events of any aggregate type on their real topics, enveloped as the relay does. Every catalogued topic is made
 * first, as the relay does, so every projection of a service gets its partitions. Events are numbered per aggregate,
 * either by a {@link History} (one aggregate's events, as its aggregate numbers them) or by {@link #next}.
 */
public final class EventsOnTopics implements AutoCloseable {

    private static final AtomicLong GLOBAL = new AtomicLong();

    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, Long> sequences = new HashMap<>();

    public EventsOnTopics(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            for (AggregateType<?> type : Aggregates.ALL) {
                try {
                    admin.createTopics(List.of(new NewTopic(type.topic(), 3, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    /** The event as the relay would envelope it at this aggregate sequence. */
    public static EventEnvelope envelope(Object event, long sequence) {
        EventType type = EventCatalog.typeOf(event.getClass());
        String aggregateId = Aggregates.named(type.aggregateType()).orElseThrow().aggregateIdOf(event);
        return new EventEnvelope(UUID.randomUUID().toString(), type.name(), type.version(), type.aggregateType(),
                aggregateId, sequence, GLOBAL.incrementAndGet(), Instant.now(),
                new EventMetadata(null, EventMetadata.ACTOR_SYSTEM, null, null, null, null),
                EventJson.mapper().valueToTree(event));
    }

    /** Envelopes the events as the next ones of their aggregates, counted by this instance. */
    public List<EventEnvelope> next(Object... events) {
        List<EventEnvelope> out = new ArrayList<>();
        for (Object event : events) {
            EventType type = EventCatalog.typeOf(event.getClass());
            String aggregateId = Aggregates.named(type.aggregateType()).orElseThrow().aggregateIdOf(event);
            out.add(envelope(event, sequences.merge(aggregateId, 1L, Long::sum) - 1));
        }
        return out;
    }

    /** Sends each envelope to its aggregate type's topic, keyed by its aggregate id, waiting for the broker. */
    public void send(List<EventEnvelope> envelopes) throws Exception {
        for (EventEnvelope envelope : envelopes) {
            producer.send(new ProducerRecord<>(Topics.forAggregateType(envelope.aggregateType()), envelope.aggregateId(),
                    EventJson.write(envelope))).get();
        }
    }

    /** A record as it is, for what no relay would publish. */
    public void sendRaw(String topic, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    @Override
    public void close() {
        producer.close();
    }

    /** One aggregate's events, numbered from 0 as its aggregate does. */
    public static final class History {
        private final List<EventEnvelope> envelopes = new ArrayList<>();

        /** Numbers the events after those added before and returns their envelopes (not yet sent). */
        public List<EventEnvelope> add(Object... events) {
            List<EventEnvelope> added = new ArrayList<>();
            for (Object event : events) {
                EventEnvelope envelope = envelope(event, envelopes.size());
                envelopes.add(envelope);
                added.add(envelope);
            }
            return added;
        }

        /** Every envelope added so far, in order: what a relay that published them all again would send. */
        public List<EventEnvelope> all() {
            return List.copyOf(envelopes);
        }
    }
}
