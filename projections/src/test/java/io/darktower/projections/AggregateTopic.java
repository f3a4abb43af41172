package io.darktower.projections;

import io.darktower.events.AggregateType;
import io.darktower.events.EventCatalog;
import io.darktower.events.EventEnvelope;
import io.darktower.events.EventJson;
import io.darktower.events.EventMetadata;
import io.darktower.events.EventType;
import java.time.Instant;
import java.util.ArrayList;
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
 * Puts one aggregate type's events on its real topic, enveloped as the relay does, numbering each aggregate's events
 * as its aggregate would ({@link History}). The same as the meeting tests' {@code EventsOnTopic}, for any aggregate.
 */
public final class AggregateTopic<E> implements AutoCloseable {

    private static final AtomicLong GLOBAL = new AtomicLong(1_000_000_000L);
    private final AggregateType<E> type;
    private final KafkaProducer<String, byte[]> producer;

    public AggregateTopic(AggregateType<E> type, String bootstrapServers) throws Exception {
        this.type = type;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(type.topic(), 3, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    public EventEnvelope envelope(E event, long sequence) {
        EventType eventType = EventCatalog.typeOf(event.getClass());
        return new EventEnvelope(UUID.randomUUID().toString(), eventType.name(), eventType.version(),
                eventType.aggregateType(), type.aggregateIdOf(event), sequence, GLOBAL.incrementAndGet(), Instant.now(),
                new EventMetadata(null, EventMetadata.ACTOR_SYSTEM, null, null, null, null),
                EventJson.mapper().valueToTree(event));
    }

    public void send(List<EventEnvelope> envelopes) throws Exception {
        for (EventEnvelope envelope : envelopes) {
            producer.send(new ProducerRecord<>(type.topic(), envelope.aggregateId(), EventJson.write(envelope))).get();
        }
    }

    /** One aggregate's events so far, numbered from 0. */
    public History history() {
        return new History();
    }

    @Override
    public void close() {
        producer.close();
    }

    public final class History {
        private final List<EventEnvelope> envelopes = new ArrayList<>();

        /** Numbers the events after those added before and returns their envelopes (not yet sent). */
        @SafeVarargs
        public final List<EventEnvelope> add(E... events) {
            List<EventEnvelope> added = new ArrayList<>();
            for (E event : events) {
                EventEnvelope envelope = envelope(event, envelopes.size());
                envelopes.add(envelope);
                added.add(envelope);
            }
            return added;
        }
    }
}
