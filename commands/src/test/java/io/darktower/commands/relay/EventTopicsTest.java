package io.darktower.commands.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darktower.devstack.SharedTestStack;
import io.darktower.events.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Event topics are the read side's source of truth: they keep every event forever. The relay creates them so,
 * and a topic found with the broker's default retention (7 days) is altered to keep its events forever.
 */
class EventTopicsTest {

    private static final String SEVEN_DAYS = "604800000";

    private static String bootstrap;
    private static Admin admin;

    @BeforeAll
    static void kafka() {
        bootstrap = SharedTestStack.endpoints().kafkaBootstrapServers();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    @AfterAll
    static void close() {
        admin.close();
    }

    @Test
    void aNewTopicKeepsItsEventsForever() throws Exception {
        String topic = uniqueTopic("new");
        new EventTopics(bootstrap, 3, (short) 1).ensure(List.of(topic));

        assertThat(retention(topic)).containsExactly("-1", "-1");
        assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(3);
    }

    @Test
    void anExistingTopicWithSevenDaysRetentionIsAlteredToKeepEventsForever() throws Exception {
        String topic = uniqueTopic("old");
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, SEVEN_DAYS)))).all().get();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(retention(topic)).containsExactly(SEVEN_DAYS, "-1"));

        new EventTopics(bootstrap, 6, (short) 1).ensure(List.of(topic));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(retention(topic)).containsExactly("-1", "-1"));
    }

    @Test
    void theRelayMakesTheCataloguedTopicsKeepEventsForeverWhenItStarts() throws Exception {
        TestEventStore store = TestEventStore.in(SharedTestStack.endpoints(), "relay_topics");
        EventTopics.of(store.relaySettings("relay_topics")).ensure(EventTopics.catalogued());
        setRetention(Topics.MEETING_EVENTS, SEVEN_DAYS, "1073741824"); // as an operator or an older relay left it

        try (EventRelay relay = EventRelay.start(store.relaySettings("relay_topics"))) {
            assertThat(EventTopics.catalogued()).contains(Topics.MEETING_EVENTS);
            for (String topic : EventTopics.catalogued()) {
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(retention(topic)).as(topic).containsExactly("-1", "-1"));
            }
        }
    }

    private static String uniqueTopic(String what) {
        return Topics.forAggregateType("retention_" + what + "_" + Long.toString(System.nanoTime(), 36));
    }

    /** retention.ms and retention.bytes. */
    private static List<String> retention(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        return List.of(config.get(TopicConfig.RETENTION_MS_CONFIG).value(), config.get(TopicConfig.RETENTION_BYTES_CONFIG).value());
    }

    private static void setRetention(String topic, String ms, String bytes) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Collection<AlterConfigOp> ops = List.of(
                new AlterConfigOp(new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, ms), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry(TopicConfig.RETENTION_BYTES_CONFIG, bytes), AlterConfigOp.OpType.SET));
        admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get();
        // a topic's configuration reaches the broker that answers describeConfigs through the metadata log: wait for it
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(retention(topic)).containsExactly(ms, bytes));
    }
}
