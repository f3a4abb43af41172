package io.darktower.commands.relay;

import io.darktower.events.EventCatalog;
import io.darktower.events.EventType;
import io.darktower.events.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event topics, made fit to be the read side's source of truth: the broker's default retention (7 days)
 * would delete events that a projection rebuilt from Kafka needs, so every event topic keeps its records
 * forever ({@code retention.ms=-1}, {@code retention.bytes=-1}). A topic created elsewhere with another
 * retention is altered to this one, with a log line saying what it was.
 */
final class EventTopics {

    private static final Logger log = LoggerFactory.getLogger(EventTopics.class);
    private static final long TIMEOUT_SECONDS = 30;
    /** The configuration every event topic must have. */
    static final Map<String, String> KEEP_FOREVER = Map.of(
            TopicConfig.RETENTION_MS_CONFIG, "-1",
            TopicConfig.RETENTION_BYTES_CONFIG, "-1");

    private final String bootstrapServers;
    private final int partitions;
    private final short replication;
    /** Topics known to exist with {@link #KEEP_FOREVER}: each is checked once per relay. */
    private final Set<String> ensured = ConcurrentHashMap.newKeySet();

    EventTopics(String bootstrapServers, int partitions, short replication) {
        this.bootstrapServers = bootstrapServers;
        this.partitions = partitions;
        this.replication = replication;
    }

    static EventTopics of(RelaySettings settings) {
        return new EventTopics(settings.kafkaBootstrapServers(), settings.topicPartitions(), settings.topicReplication());
    }

    /** The topic of every aggregate type in the event catalogue. */
    static Set<String> catalogued() {
        Set<String> topics = new LinkedHashSet<>();
        for (EventType type : EventCatalog.all().values()) {
            topics.add(Topics.forAggregateType(type.aggregateType()));
        }
        return topics;
    }

    /** Ensures the topic unless this relay did already: cheap on the publishing path. */
    void ensure(String topic) {
        if (!ensured.contains(topic)) {
            ensure(List.of(topic));
        }
    }

    /** Creates the topics that are missing and alters the retention of those that keep events for less than forever. */
    void ensure(Collection<String> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            List<String> existing = new ArrayList<>();
            for (String topic : topics) {
                if (!create(admin, topic)) {
                    existing.add(topic);
                }
            }
            keepForever(admin, existing);
            ensured.addAll(topics);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making the event topics " + topics, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer while making the event topics " + topics, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot make the event topics " + topics, e.getCause());
        }
    }

    /** True if this call created it; false if it existed. */
    private boolean create(Admin admin, String topic) throws InterruptedException, TimeoutException, ExecutionException {
        NewTopic newTopic = new NewTopic(topic, partitions, replication).configs(KEEP_FOREVER);
        try {
            admin.createTopics(List.of(newTopic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            log.info("created event topic {} ({} partitions, replication {}, records kept forever)", topic, partitions, replication);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw e;
        }
    }

    private static void keepForever(Admin admin, List<String> topics)
            throws InterruptedException, TimeoutException, ExecutionException {
        if (topics.isEmpty()) {
            return;
        }
        List<ConfigResource> resources = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
        configs.forEach((resource, config) -> {
            List<AlterConfigOp> ops = new ArrayList<>();
            KEEP_FOREVER.forEach((name, wanted) -> {
                ConfigEntry current = config.get(name);
                String value = current == null ? null : current.value();
                if (!wanted.equals(value)) {
                    ops.add(new AlterConfigOp(new ConfigEntry(name, wanted), AlterConfigOp.OpType.SET));
                    log.warn("event topic {} had {}={}; setting {}: events are kept forever", resource.name(), name, value, wanted);
                }
            });
            if (!ops.isEmpty()) {
                changes.put(resource, ops);
            }
        });
        if (!changes.isEmpty()) {
            admin.incrementalAlterConfigs(changes).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
