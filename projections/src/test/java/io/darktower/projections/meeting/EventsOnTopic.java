package io.darktower.projections.meeting;

import io.darktower.events.EventCatalog;
import io.darktower.events.EventEnvelope;
import io.darktower.events.EventJson;
import io.darktower.events.EventMetadata;
import io.darktower.events.EventType;
import io.darktower.events.Topics;
import io.darktower.events.meeting.MeetingEvent;
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

/** Puts meeting events on the real meeting topic, enveloped as the relay does, numbering each meeting's events. */
final class EventsOnTopic implements AutoCloseable {

    private static final AtomicLong GLOBAL = new AtomicLong();
    private final KafkaProducer<String, byte[]> producer;

    EventsOnTopic(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(Topics.MEETING_EVENTS, 3, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    static EventEnvelope envelope(MeetingEvent event, long sequence) {
        EventType type = EventCatalog.typeOf(event.getClass());
        return new EventEnvelope(UUID.randomUUID().toString(), type.name(), type.version(), type.aggregateType(),
                event.meetingId().toString(), sequence, GLOBAL.incrementAndGet(), java.time.Instant.now(),
                new EventMetadata(null, EventMetadata.ACTOR_SYSTEM, null, null, null, null),
                EventJson.mapper().valueToTree(event));
    }

    void send(List<EventEnvelope> envelopes) throws Exception {
        for (EventEnvelope envelope : envelopes) {
            producer.send(new ProducerRecord<>(Topics.MEETING_EVENTS, envelope.aggregateId(), EventJson.write(envelope))).get();
        }
    }

    /** A record as it is, for what no relay would publish. */
    void sendRaw(String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(Topics.MEETING_EVENTS, key, value)).get();
    }

    @Override
    public void close() {
        producer.close();
    }
}
