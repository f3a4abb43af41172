package io.darktower.projections.user;

import io.darktower.events.AggregateType;
import io.darktower.events.Aggregates;
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
 * Puts events of any aggregate type on its real topic, enveloped as the relay does (every catalogued topic is
 * created first, as the relay does, so every projection of the service gets its partitions).
 */
final class IdentityEventsOnTopic implements AutoCloseable {

    private static final AtomicLong GLOBAL = new AtomicLong(1_000_000);
    private final KafkaProducer<String, byte[]> producer;

    IdentityEventsOnTopic(String bootstrapServers) throws Exception {
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

    /** One aggregate's events, numbered as its aggregate does. */
    static final class History {
        final List<EventEnvelope> envelopes = new ArrayList<>();

        List<EventEnvelope> add(Object... events) {
            List<EventEnvelope> added = new ArrayList<>();
            for (Object event : events) {
                EventType type = EventCatalog.typeOf(event.getClass());
                String aggregateId = Aggregates.named(type.aggregateType()).orElseThrow().aggregateIdOf(event);
                EventEnvelope envelope = new EventEnvelope(UUID.randomUUID().toString(), type.name(), type.version(),
                        type.aggregateType(), aggregateId, envelopes.size(), GLOBAL.incrementAndGet(), Instant.now(),
                        new EventMetadata(null, EventMetadata.ACTOR_SYSTEM, null, null, null, null),
                        EventJson.mapper().valueToTree(event));
                envelopes.add(envelope);
                added.add(envelope);
            }
            return added;
        }
    }

    void send(List<EventEnvelope> envelopes) throws Exception {
        for (EventEnvelope envelope : envelopes) {
            String topic = Aggregates.named(envelope.aggregateType()).orElseThrow().topic();
            producer.send(new ProducerRecord<>(topic, envelope.aggregateId(), EventJson.write(envelope))).get();
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
