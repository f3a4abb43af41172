package io.darktower.gateway.live;

import io.darktower.events.EventEnvelope;
import io.darktower.events.EventJson;
import io.darktower.events.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The meeting topic as it is written, shared by every live stream of this gateway: one Kafka consumer (no group: each
 * gateway reads every partition, from the end), started by the first stream, fanning each record out to the streams of
 * its meeting only. A record is parsed only when its key (the meeting id) has a stream; the others cost a map look-up.
 * What the feed missed (before it started, while Kafka was away, a stream too slow) the stream reads from the event
 * store ({@link MeetingHistory}), so the feed only has to be fast, not complete.
 */
@Component
class MeetingEventFeed implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(MeetingEventFeed.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration TOPIC_RETRY = Duration.ofSeconds(1);

    private final String bootstrapServers;
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    /** Completes once the consumer's positions are fixed: anything written later reaches the streams. */
    private final Sinks.One<Boolean> positioned = Sinks.one();
    private volatile boolean running = true;
    private Thread thread;
    private KafkaConsumer<String, byte[]> consumer;

    MeetingEventFeed(@Value("${darktower.kafka.bootstrap-servers:}") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** The streams of one meeting, and how many there are (the channel goes when the last one does). */
    private record Channel(Sinks.Many<EventEnvelope> sink, AtomicInteger streams) {
    }

    /** The meeting's events from now on, as the topic brings them; hot, possibly repeating or missing some. */
    Flux<EventEnvelope> events(String meetingId) {
        return Flux.defer(() -> {
            start();
            Channel channel = channels.compute(meetingId, (id, existing) -> {
                Channel c = existing != null ? existing
                        : new Channel(Sinks.many().multicast().directBestEffort(), new AtomicInteger());
                c.streams().incrementAndGet();
                return c;
            });
            return channel.sink().asFlux().doFinally(signal -> channels.computeIfPresent(meetingId,
                    (id, c) -> c.streams().decrementAndGet() == 0 ? null : c));
        });
    }

    /** Completes when the feed reads the topic from fixed positions (or never, while the topic does not exist). */
    Mono<Boolean> positioned() {
        return positioned.asMono();
    }

    private synchronized void start() {
        if (thread != null || !running) {
            return;
        }
        if (bootstrapServers.isBlank()) {
            throw new IllegalStateException("darktower.kafka.bootstrap-servers is not set: live events need Kafka");
        }
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "gateway-live-events",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(this::run, "live-events-feed");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            assignFromTheEnd();
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    Channel channel = record.key() == null ? null : channels.get(record.key());
                    if (channel != null) {
                        publish(channel, record);
                    }
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("the live events feed stopped; live streams fall back to the event store", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void assignFromTheEnd() {
        List<TopicPartition> partitions = List.of();
        while (running && partitions.isEmpty()) {
            try {
                List<PartitionInfo> infos = consumer.partitionsFor(Topics.MEETING_EVENTS, Duration.ofSeconds(5));
                partitions = infos == null ? List.of()
                        : infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            } catch (WakeupException e) {
                throw e;
            } catch (RuntimeException e) {
                log.debug("topic {} not readable yet: {}", Topics.MEETING_EVENTS, e.toString());
            }
            if (partitions.isEmpty()) {
                sleep(TOPIC_RETRY);
            }
        }
        if (!running) {
            return;
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // seekToEnd is lazy: fix the positions now
        positioned.tryEmitValue(true);
        log.info("live events feed reads {} partitions of {}", partitions.size(), Topics.MEETING_EVENTS);
    }

    private static void publish(Channel channel, ConsumerRecord<String, byte[]> record) {
        EventEnvelope envelope;
        try {
            envelope = EventJson.read(record.value());
        } catch (RuntimeException e) {
            log.warn("a record of {} at offset {} is not an event envelope; live streams skip it", record.topic(),
                    record.offset());
            return;
        }
        // only this thread emits; a stream without demand misses the event and reads it from the store
        channel.sink().tryEmitNext(envelope);
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        Thread feed;
        synchronized (this) {
            running = false;
            feed = thread;
            if (consumer != null) {
                consumer.wakeup();
            }
        }
        if (feed != null) {
            feed.join(Duration.ofSeconds(10));
        }
        channels.values().forEach(c -> c.sink().tryEmitComplete());
    }
}
