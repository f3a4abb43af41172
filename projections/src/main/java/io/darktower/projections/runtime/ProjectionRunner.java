package io.darktower.projections.runtime;

import io.darktower.events.EventEnvelope;
import io.darktower.events.EventJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds one projection from Kafka in its own consumer group: poll a batch, apply it, then commit the offsets.
 * A failed batch is not committed: the consumer seeks back and retries it after a back-off, so nothing is
 * skipped; the projection's own sequence check makes the retry harmless. A {@link SequenceGap} stops the
 * runner instead: no retry can bring back an event that never arrived.
 */
public final class ProjectionRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRunner.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final Projection projection;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private final AtomicLong applied = new AtomicLong();
    private volatile long lastLagMillis = -1;
    private volatile SequenceGap stoppedBy;
    private volatile boolean running = true;

    private ProjectionRunner(Projection projection, String bootstrapServers, Collection<String> topics) {
        this.projection = projection;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, projection.name(),
                ConsumerConfig.CLIENT_ID_CONFIG, projection.name(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500,
                // notice soon a topic created after the projection started
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, 5000),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.consumer.subscribe(topics, new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                assigned.countDown();
            }
        });
        this.thread = new Thread(this::run, "projection-" + projection.name());
    }

    public static ProjectionRunner start(Projection projection, String bootstrapServers, Collection<String> topics) {
        ProjectionRunner runner = new ProjectionRunner(projection, bootstrapServers, topics);
        runner.thread.start();
        return runner;
    }

    /** Blocks until the consumer owns partitions (or the timeout passes); true if it does. */
    public boolean awaitAssignment(Duration timeout) throws InterruptedException {
        return assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public String name() {
        return projection.name();
    }

    /** Events applied (including duplicates recognised as such) since start. */
    public long applied() {
        return applied.get();
    }

    /** Time from the event's occurrence to its batch being applied, for the last batch; -1 before the first. */
    public long lastLagMillis() {
        return lastLagMillis;
    }

    /** Why the projection stopped on its own (an event missing upstream), or null while it runs. */
    public SequenceGap stoppedBy() {
        return stoppedBy;
    }

    private void run() {
        Duration backoff = Duration.ofMillis(200);
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                List<EventEnvelope> batch = new ArrayList<>(records.count());
                for (ConsumerRecord<String, byte[]> record : records) {
                    batch.add(EventJson.read(record.value()));
                }
                try {
                    projection.apply(batch);
                    consumer.commitSync();
                    applied.addAndGet(batch.size());
                    lastLagMillis = Duration.between(batch.get(batch.size() - 1).occurredAt(), Instant.now()).toMillis();
                    backoff = Duration.ofMillis(200);
                } catch (WakeupException e) {
                    throw e;
                } catch (SequenceGap gap) {
                    // retrying cannot bring the missing event: stop, keep the read model as it is, say why
                    log.error("projection {} stopped: {}. Its read model needs a rebuild from the event log.",
                            projection.name(), gap.getMessage());
                    stoppedBy = gap;
                    return;
                } catch (Exception e) {
                    log.error("projection {} failed a batch of {} events; retrying in {} ms",
                            projection.name(), batch.size(), backoff.toMillis(), e);
                    rewind(records);
                    Thread.sleep(backoff.toMillis());
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Puts every partition of the failed batch back to its first record. */
    private void rewind(ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            consumer.seek(partition, new OffsetAndMetadata(records.records(partition).get(0).offset()));
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
