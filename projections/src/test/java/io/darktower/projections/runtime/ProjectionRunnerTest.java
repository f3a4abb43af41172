package io.darktower.projections.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darktower.devstack.SharedTestStack;
import io.darktower.events.EventEnvelope;
import io.darktower.events.EventJson;
import io.darktower.events.EventMetadata;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The runner on a real topic: a failing batch is retried until it applies; a sequence gap stops it. */
class ProjectionRunnerTest {

    private final String bootstrap = SharedTestStack.endpoints().kafkaBootstrapServers();

    @Test
    void aFailedBatchIsRetriedFromItsFirstEventUntilItApplies() throws Exception {
        String topic = topic();
        AtomicInteger failuresLeft = new AtomicInteger(2);
        List<Long> applied = new CopyOnWriteArrayList<>();
        Projection flaky = projection("runner-retry-" + topic, batch -> {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("database briefly away");
            }
            batch.forEach(e -> applied.add(e.aggregateSequence()));
        });
        send(topic, 0, 1, 2);
        try (ProjectionRunner runner = ProjectionRunner.start(flaky, bootstrap, List.of(topic))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> applied.size() >= 3);
            assertThat(applied).containsExactly(0L, 1L, 2L);
            assertThat(runner.stoppedBy()).isNull();
        }
    }

    @Test
    void aSequenceGapStopsTheProjection() throws Exception {
        String topic = topic();
        AtomicInteger calls = new AtomicInteger();
        Projection strict = projection("runner-gap-" + topic, batch -> {
            calls.incrementAndGet();
            throw new SequenceGap("strict", "m-1", 0, 2);
        });
        send(topic, 0);
        try (ProjectionRunner runner = ProjectionRunner.start(strict, bootstrap, List.of(topic))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> runner.stoppedBy() != null);
            Thread.sleep(1_000);
            assertThat(calls.get()).as("not retried").isEqualTo(1);
            assertThat(runner.stoppedBy()).hasMessageContaining("aggregate m-1");
        }
    }

    private interface Apply {
        void apply(List<EventEnvelope> batch) throws Exception;
    }

    private static Projection projection(String name, Apply apply) {
        return new Projection() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void apply(List<EventEnvelope> batch) throws Exception {
                apply.apply(batch);
            }
        };
    }

    private String topic() throws Exception {
        String topic = "runner-test-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        return topic;
    }

    private void send(String topic, long... sequences) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap),
                new StringSerializer(), new ByteArraySerializer())) {
            for (long seq : sequences) {
                EventEnvelope envelope = new EventEnvelope(UUID.randomUUID().toString(), "MeetingStarted", 1, "meeting",
                        "m-1", seq, seq + 1, Instant.now(), new EventMetadata(null, null, null, null, null, null),
                        EventJson.mapper().createObjectNode());
                producer.send(new ProducerRecord<>(topic, "m-1", EventJson.write(envelope))).get();
            }
        }
    }
}
