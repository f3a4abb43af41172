package io.darktower.projections.runtime;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures each projection's real lag from outside its thread: the end offsets of its topics minus its consumer
 * group's committed offsets. A projection whose thread is stuck or dead still shows a growing lag. Each projection
 * counts only its own topics; a topic not created yet (an aggregate type with no event so far) counts as empty.
 */
final class LagMonitor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LagMonitor.class);

    private final Admin admin;
    private final Duration period;
    private final List<ProjectionRunner> runners;
    private final List<String> topics;
    private final Thread thread;
    private volatile boolean running = true;

    LagMonitor(String bootstrapServers, Duration period, List<ProjectionRunner> runners) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        this.period = period;
        this.runners = runners;
        this.topics = runners.stream().flatMap(r -> r.topics().stream()).distinct().toList();
        this.thread = new Thread(this::run, "projection-lag");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        while (running) {
            try {
                Map<TopicPartition, Long> ends = endOffsets();
                for (ProjectionRunner runner : runners) {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(runner.name())
                            .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                    long behind = 0;
                    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                        if (!runner.topics().contains(end.getKey().topic())) {
                            continue;
                        }
                        OffsetAndMetadata at = committed.get(end.getKey());
                        behind += Math.max(0, end.getValue() - (at == null ? 0 : at.offset()));
                    }
                    runner.lagRecords(behind);
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                log.debug("projection lag not measured this time", e);
            }
            try {
                Thread.sleep(period.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Map<TopicPartition, Long> endOffsets() throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> topic : admin.describeTopics(topics).topicNameValues().entrySet()) {
            TopicDescription description;
            try {
                description = topic.getValue().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    continue; // no event of this type yet
                }
                throw e;
            }
            description.partitions().forEach(p -> latest.put(new TopicPartition(topic.getKey(), p.partition()), OffsetSpec.latest()));
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e
                : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
            ends.put(e.getKey(), e.getValue().offset());
        }
        return ends;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        admin.close(Duration.ofSeconds(2));
    }
}
