package io.darktower.devstack;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Test isolation on the shared stack: test classes share one Kafka (and so the event topics and the projections'
 * consumer groups) but each has a database of its own. A test whose events reference rows only its database has
 * (a recording's meeting, a meeting's creator) moves the groups past everything on the topics when it is done, so a
 * later test's projections do not try to apply them into a database where those rows do not exist.
 */
public final class ConsumerGroups {

    private ConsumerGroups() {
    }

    /** Commits each (inactive) group's offsets at the end of every partition of {@code topics}. */
    public static void skipToEnd(String bootstrapServers, Collection<String> groups, Collection<String> topics) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).forEach((name, description) ->
                    description.partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end
                    : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
                ends.put(end.getKey(), new OffsetAndMetadata(end.getValue().offset()));
            }
            for (String group : groups) {
                admin.alterConsumerGroupOffsets(group, ends).all().get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot move consumer groups " + groups + " to the end of " + topics, e);
        }
    }

    public static void skipToEnd(String bootstrapServers, List<String> groups, String... topics) {
        skipToEnd(bootstrapServers, groups, List.of(topics));
    }
}
