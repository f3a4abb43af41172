package io.darktower.medianode.roster;

import io.darktower.events.EventCatalog;
import io.darktower.events.EventEnvelope;
import io.darktower.events.EventJson;
import io.darktower.events.Topics;
import io.darktower.events.meeting.MeetingEnded;
import io.darktower.events.meeting.MeetingEvent;
import io.darktower.events.meeting.ParticipantJoined;
import io.darktower.events.meeting.ParticipantLeft;
import io.darktower.events.meeting.StreamPublished;
import io.darktower.events.meeting.StreamSubscribed;
import io.darktower.events.meeting.StreamUnpublished;
import io.darktower.events.meeting.StreamUnsubscribed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one consumer of meeting events on a node. Every node needs every meeting's events (any meeting may get a session
 * here), so it reads all partitions itself, without a consumer group, starting a look-back before now (meetings that
 * were already running when the node started are rebuilt from there). Events reach the {@link Rosters} in partition
 * order, i.e. in each meeting's order.
 */
public final class MeetingEventFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MeetingEventFeed.class);
    /** The events a roster uses; the others are skipped by their header, unparsed. */
    private static final Set<String> RELEVANT = Stream.of(ParticipantJoined.class, ParticipantLeft.class,
                    StreamPublished.class, StreamUnpublished.class, StreamSubscribed.class, StreamUnsubscribed.class,
                    MeetingEnded.class)
            .map(c -> EventCatalog.typeOf(c).name()).collect(Collectors.toUnmodifiableSet());

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Rosters rosters;
    private final Duration lookBack;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean caughtUp;

    public MeetingEventFeed(String bootstrapServers, String nodeId, Duration lookBack, Rosters rosters) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "media-node-" + nodeId);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        this.consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.rosters = rosters;
        this.lookBack = lookBack;
        this.thread = new Thread(this::run, "media-meeting-events");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** True once the events up to the node's start have been applied. */
    public boolean caughtUp() {
        return caughtUp;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = awaitPartitions();
            if (partitions == null) {
                return;
            }
            consumer.assign(partitions);
            seekToLookBack(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(record);
                }
                if (!caughtUp && ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    caughtUp = true;
                    log.info("meeting events caught up");
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("the meeting event feed stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** The topic is made by the relay: wait for it. */
    private List<TopicPartition> awaitPartitions() throws WakeupException {
        while (running) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.MEETING_EVENTS, Duration.ofSeconds(5)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (!partitions.isEmpty()) {
                return partitions;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private void seekToLookBack(List<TopicPartition> partitions) {
        long since = Instant.now().minus(lookBack).toEpochMilli();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, since));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp offset = found.get(partition);
            if (offset == null) {
                consumer.seekToEnd(List.of(partition));
            } else {
                consumer.seek(partition, offset.offset());
            }
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        Header type = record.headers().lastHeader(Topics.HEADER_EVENT_TYPE);
        if (type == null || !RELEVANT.contains(new String(type.value(), StandardCharsets.UTF_8))) {
            return;
        }
        try {
            EventEnvelope envelope = EventJson.read(record.value());
            if (EventJson.payload(envelope) instanceof MeetingEvent event) {
                rosters.apply(event, envelope.aggregateSequence());
            }
        } catch (RuntimeException e) {
            // one unreadable record must not stop every meeting on the node
            log.warn("skipped meeting event at {}-{}@{}", record.topic(), record.partition(), record.offset(), e);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
