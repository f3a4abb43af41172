package io.darktower.projections.node;

import io.darktower.events.AggregateType;
import io.darktower.events.EventCatalog;
import io.darktower.events.EventEnvelope;
import io.darktower.events.EventJson;
import io.darktower.events.EventMetadata;
import io.darktower.events.EventType;
import java.time.Instant;
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
 * Puts events of the node aggregates on their real topics, enveloped as the relay does, numbering each aggregate's
 * events in order.
 */
final class NodeEventsOnTopic implements AutoCloseable {

    private static final AtomicLong GLOBAL = new AtomicLong();
    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, Long> sequences = new HashMap<>();

    NodeEventsOnTopic(String bootstrapServers, List<AggregateType<?>> aggregates) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            for (AggregateType<?> aggregate : aggregates) {
                try {
                    admin.createTopics(List.of(new NewTopic(aggregate.topic(), 3, (short) 1))).all().get();
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

    /** Envelopes the events as the next ones of their aggregates. */
    List<EventEnvelope> next(AggregateType<?> aggregate, Object... events) {
        return java.util.Arrays.stream(events).map(event -> {
            String id = aggregate.aggregateIdOf(event);
            long sequence = sequences.merge(id, 1L, Long::sum) - 1;
            EventType type = EventCatalog.typeOf(event.getClass());
            return new EventEnvelope(UUID.randomUUID().toString(), type.name(), type.version(), type.aggregateType(),
                    id, sequence, GLOBAL.incrementAndGet(), Instant.now(),
                    new EventMetadata(null, EventMetadata.ACTOR_SYSTEM, null, null, null, null),
                    EventJson.mapper().valueToTree(event));
        }).toList();
    }

    void send(AggregateType<?> aggregate, List<EventEnvelope> envelopes) throws Exception {
        for (EventEnvelope envelope : envelopes) {
            producer.send(new ProducerRecord<>(aggregate.topic(), envelope.aggregateId(), EventJson.write(envelope))).get();
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
