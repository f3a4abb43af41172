package io.darktower.gateway.audit;

import io.darktower.commands.Rejected;
import io.darktower.errors.ErrorCode;
import io.darktower.events.AggregateType;
import io.darktower.events.Aggregates;
import io.darktower.crypto.PersonalData;
import io.darktower.events.EventEnvelope;
import io.darktower.events.EventJson;
import io.darktower.events.EventMetadata;
import io.darktower.events.audit.AuditRecords;
import io.darktower.events.audit.CommandRefused;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Puts security-relevant refusals on the audit trail. A refused command appends no event, so the gateway, which
 * answers the refusal, publishes a {@link CommandRefused} record to {@link AuditRecords#REFUSAL}'s topic, which the
 * audit projection reads beside the event topics; the gateway never writes a read model. The answer to the caller
 * waits for Kafka's acknowledgement (bounded), so a refusal answered while Kafka is up is on the trail; one that
 * cannot be published is logged with everything the record would have held, and the caller still gets the refusal.
 */
@Component
public class RefusalAudit implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RefusalAudit.class);
    /** Refusals that matter for security: the caller was known and not allowed. */
    private static final Set<ErrorCode> AUDITED = Set.of(ErrorCode.FORBIDDEN);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(5);

    private final String bootstrapServers;
    private final int partitions;
    private final short replication;
    private final Clock clock = Clock.systemUTC();
    private volatile KafkaProducer<String, byte[]> producer;

    public RefusalAudit(@Value("${darktower.kafka.bootstrap-servers:}") String bootstrapServers,
                        @Value("${darktower.relay.topic-partitions:6}") int partitions,
                        @Value("${darktower.relay.topic-replication:1}") short replication) {
        this.bootstrapServers = bootstrapServers;
        this.partitions = partitions;
        this.replication = replication;
    }

    /**
     * Creates the topic when the gateway is up, so the audit projection finds it before the first refusal; a Kafka not
     * reachable now is no reason to stop the gateway: the first refusal tries again.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void createTopic() {
        if (bootstrapServers.isBlank()) {
            return;
        }
        try {
            ensureTopic();
        } catch (RuntimeException e) {
            log.warn("{} not created at start: {}", AuditRecords.REFUSAL.topic(), e.getMessage());
        }
    }

    /** Whether a failure is a refusal the audit trail records. */
    public static boolean audited(Throwable failure) {
        return failure instanceof Rejected rejected && AUDITED.contains(rejected.reason().code());
    }

    /** Records the refusal of {@code command}; completes when Kafka acknowledged it, or it was logged instead. */
    public Mono<Void> record(Object command, Rejected rejected, EventMetadata metadata) {
        CommandRefused refusal = new CommandRefused(UUID.randomUUID(), command.getClass().getSimpleName(),
                targetTypeOf(command), targetIdOf(command), rejected.reason().name(), rejected.reason().code().name(),
                rejected.getMessage(), clock.instant());
        // the requester's address is sealed for them as in stored events: the topic is kept too, and erasure shreds it
        EventEnvelope envelope = AuditRecords.envelope(refusal, EventMetadata.fromMap(PersonalData.sealMetadata(metadata.toMap(), null)));
        return Mono.fromFuture(() -> publish(envelope))
                .timeout(PUBLISH_TIMEOUT)
                .onErrorResume(e -> {
                    log.error("refusal not on the audit trail ({}): {}", e.toString(), new String(EventJson.write(envelope)));
                    return Mono.empty();
                });
    }

    private CompletableFuture<Void> publish(EventEnvelope envelope) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        producer().send(new ProducerRecord<>(AuditRecords.REFUSAL.topic(), envelope.aggregateId(), EventJson.write(envelope)),
                (metadata, failure) -> {
                    if (failure == null) {
                        sent.complete(null);
                    } else {
                        sent.completeExceptionally(failure);
                    }
                });
        return sent;
    }

    /** Created on the first refusal, with its topic: a gateway that refuses nothing never needs Kafka for this. */
    private KafkaProducer<String, byte[]> producer() {
        KafkaProducer<String, byte[]> current = producer;
        if (current == null) {
            synchronized (this) {
                if (producer == null) {
                    if (bootstrapServers.isBlank()) {
                        throw new IllegalStateException("darktower.kafka.bootstrap-servers is not set");
                    }
                    ensureTopic();
                    producer = new KafkaProducer<>(Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                            ProducerConfig.ACKS_CONFIG, "all",
                            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                            ProducerConfig.MAX_BLOCK_MS_CONFIG, PUBLISH_TIMEOUT.toMillis(),
                            ProducerConfig.CLIENT_ID_CONFIG, "gateway-refusals"),
                            new StringSerializer(), new ByteArraySerializer());
                }
                current = producer;
            }
        }
        return current;
    }

    /** The topic keeps its records forever, like the event topics: it is the only source of these audit rows. */
    private void ensureTopic() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) PUBLISH_TIMEOUT.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) PUBLISH_TIMEOUT.toMillis()))) {
            admin.createTopics(List.of(new NewTopic(AuditRecords.REFUSAL.topic(), partitions, replication).configs(Map.of(
                    TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.RETENTION_BYTES_CONFIG, "-1"))))
                    .all().get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer creating " + AuditRecords.REFUSAL.topic(), e);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + AuditRecords.REFUSAL.topic() + ": " + e.getCause(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating " + AuditRecords.REFUSAL.topic(), e);
        }
    }

    /**
     * The aggregate type a command is aimed at: the one whose events live in the feature package of the command's
     * ({@code commands.meeting.EndMeeting} → the events of {@code events.meeting} → {@code meeting}); null if none does.
     */
    static String targetTypeOf(Object command) {
        String feature = lastSegment(command.getClass().getPackageName());
        return Aggregates.ALL.stream()
                .filter(type -> lastSegment(type.events().getPackageName()).equals(feature))
                .map(AggregateType::name)
                .findFirst().orElse(null);
    }

    /** The command's {@code @TargetAggregateIdentifier}, as Axon routes it; null for a command that creates one. */
    static String targetIdOf(Object command) {
        try {
            return org.axonframework.modelling.command.AnnotationCommandTargetResolver.builder().build()
                    .resolveTarget(GenericCommandMessage.asCommandMessage(command)).getIdentifier();
        } catch (RuntimeException e) {
            return null; // no target: a command that creates its aggregate
        }
    }

    private static String lastSegment(String packageName) {
        return packageName.substring(packageName.lastIndexOf('.') + 1);
    }

    @Override
    public void close() {
        KafkaProducer<String, byte[]> current = producer;
        if (current != null) {
            current.close(Duration.ofSeconds(2));
        }
    }
}
