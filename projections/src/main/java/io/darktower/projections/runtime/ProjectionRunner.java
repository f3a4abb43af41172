package io.darktower.projections.runtime;

import io.darktower.events.EventJson;
import io.darktower.projections.runtime.ProjectionStatus.State;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
import org.slf4j.event.Level;

/**
 * Feeds one projection from Kafka in its own consumer group: poll, decode, apply the poll's events in one go,
 * commit. What the runtime promises every projection:
 * <ul>
 * <li>No event stops the read model. An event the store rejects a few times in a row, or a record that is not a
 *     decodable envelope, parks its aggregate for this projection ({@link DeadLetters}); the aggregate's later
 *     records wait behind it; every other aggregate keeps flowing. An operator retries or skips it.</li>
 * <li>A failure of the store itself parks nothing: the batch is retried after a back-off, and the status says so.</li>
 * <li>Nothing ends the thread unreported: any exception or error is logged, shown in the status, and the loop goes
 *     on after a back-off.</li>
 * <li>Rebuilds and operator requests run on this thread between polls, so they never race the live events.</li>
 * </ul>
 */
public final class ProjectionRunner implements AutoCloseable, MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRunner.class);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(200);
    private static final Duration HOUSEKEEPING = Duration.ofSeconds(1);
    private static final Duration DEPENDENCY_RETRY = Duration.ofSeconds(3);
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    /** How the error of an aggregate parked for a row that is not there yet begins. */
    static final String AWAITING_REFERENCE = "awaiting a referenced row: ";

    private final Projector<?> projector;
    private final ProjectorEvents<?> events;
    private final List<String> topics;
    private final ProjectionSettings.Tuning tuning;
    private final ProjectionSink sink;
    private final DeadLetters deadLetters;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong rebuilds = new AtomicLong();
    private final Set<String> parked = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;
    private volatile boolean rebuildRequested;
    private volatile Rebuild rebuild;
    private volatile State state = State.STARTING;
    private volatile String reason;
    private volatile Instant lastAppliedAt;
    private volatile Instant lastProgressAt = Instant.now();
    /** Record time of the first record of the batch in flight: the oldest event not applied yet. */
    private volatile Instant pendingSince;
    private volatile long lagRecords;
    private volatile Timer eventToKafka;
    private volatile Timer kafkaToStore;
    private volatile Timer kafkaToPoll;
    /** When the consumer's last poll returned (the poll thread's own). */
    private long polledAt;
    private long nextHousekeeping;
    private long nextDependencyRetry;

    ProjectionRunner(Projector<?> projector, ProjectionSink sink, DeadLetters deadLetters, String bootstrapServers,
                     ProjectionSettings.Tuning tuning) {
        this.projector = projector;
        this.events = new ProjectorEvents<>(projector);
        this.topics = events.topics();
        this.tuning = tuning;
        this.sink = sink;
        this.deadLetters = deadLetters;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, projector.name(),
                ConsumerConfig.CLIENT_ID_CONFIG, projector.name(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, tuning.maxPollRecords(),
                // notice soon a topic created after the projection started
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, 5000),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.consumer.subscribe(topics, new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                loadParked();
                assigned.countDown();
            }
        });
        this.thread = new Thread(this::run, "projection-" + projector.name());
    }

    void start() {
        thread.start();
    }

    /** Blocks until the consumer owns partitions (or the timeout passes); true if it does. */
    public boolean awaitAssignment(Duration timeout) throws InterruptedException {
        return assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public String name() {
        return projector.name();
    }

    /** The topics this projection consumes: one per aggregate type it reads. */
    public List<String> topics() {
        return topics;
    }

    /** Events applied (including repeats recognised as such) since start. */
    public long applied() {
        return applied.get();
    }

    /** Starts rebuilding the read model from the event log; the live projection keeps running meanwhile. */
    public void requestRebuild() {
        rebuildRequested = true;
    }

    /** A point-in-time copy of this projection's read model, to run apart from this runner (it touches nothing live). */
    Rebuild copyAsOf(Replay replay) {
        return sink.copyAsOf(replay);
    }

    /** The projector this runner feeds. */
    Projector<?> projector() {
        return projector;
    }

    public ProjectionStatus status() {
        Instant now = Instant.now();
        State current = thread.isAlive() || state == State.STARTING ? state : State.STOPPED;
        String why = current == State.STOPPED && reason == null ? "the projection's thread ended" : reason;
        long behind = lagRecords;
        Instant oldest = pendingSince != null ? pendingSince : behind > 0 ? lastProgressAt : null;
        long lagMillis = oldest == null ? 0 : Math.max(0, Duration.between(oldest, now).toMillis());
        if (current == State.RUNNING && behind > 0 && Duration.between(lastProgressAt, now).toSeconds() > 30) {
            current = State.STALLED;
            why = "no progress for " + Duration.between(lastProgressAt, now).toSeconds() + " s with " + behind
                    + " records behind";
        }
        Rebuild job = rebuild;
        return new ProjectionStatus(name(), current, why, applied.get(), parked.size(), behind, lagMillis,
                lastAppliedAt, job == null ? 0 : job.done(), job == null ? 0 : job.total(), rebuilds.get());
    }

    /** Set by the lag monitor from the consumer group's committed offsets. */
    void lagRecords(long records) {
        lagRecords = records;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("darktower.projection.applied", this, ProjectionRunner::applied)
                .description("events applied (repeats recognised as such included) since start")
                .tag("projection", name()).register(registry);
        Gauge.builder("darktower.projection.lag", this, r -> r.status().lagMillis())
                .description("age of the oldest event not yet applied; 0 when caught up")
                .baseUnit("milliseconds").tag("projection", name()).register(registry);
        Gauge.builder("darktower.projection.lag.records", this, r -> r.status().lagRecords())
                .description("records not yet applied, from the consumer group's committed offsets")
                .tag("projection", name()).register(registry);
        eventToKafka = Timer.builder("darktower.projection.stage").tag("projection", name()).tag("stage", "event-to-kafka")
                .description("from an event's time to the relay's send: command handling, commit, capture, relay")
                .publishPercentiles(0.5, 0.99).register(registry);
        kafkaToPoll = Timer.builder("darktower.projection.stage").tag("projection", name()).tag("stage", "kafka-to-poll")
                .description("from the relay's send to the consumer's poll returning the event: Kafka, the fetch")
                .publishPercentiles(0.5, 0.99).register(registry);
        kafkaToStore = Timer.builder("darktower.projection.stage").tag("projection", name()).tag("stage", "kafka-to-store")
                .description("from the relay's send to the event applied: Kafka, the consumer's poll, the store")
                .publishPercentiles(0.5, 0.99).register(registry);
        Gauge.builder("darktower.projection.parked", this, r -> r.parked.size())
                .description("aggregates parked for this projection (dead letters waiting for an operator)")
                .tag("projection", name()).register(registry);
    }

    private void run() {
        Duration backoff = MIN_BACKOFF;
        state = State.RUNNING;
        while (running) {
            ConsumerRecords<String, byte[]> records = ConsumerRecords.empty();
            try {
                housekeeping();
                records = consumer.poll(Duration.ofMillis(rebuild == null ? 500 : 10));
                polledAt = System.currentTimeMillis();
                if (!records.isEmpty()) {
                    pendingSince = Instant.ofEpochMilli(records.iterator().next().timestamp());
                    process(records);
                    consumer.commitSync();
                    pendingSince = null;
                    lastProgressAt = Instant.now();
                }
                if (state != State.REBUILDING) {
                    state = State.RUNNING;
                    reason = null;
                }
                backoff = MIN_BACKOFF;
            } catch (WakeupException e) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Throwable e) {
                // a store failure or a bug of ours: report it, go back to the batch's first record, try again
                state = State.RETRYING;
                reason = e.getClass().getSimpleName() + ": " + e.getMessage();
                log.error("projection {}: {}; retrying in {} ms", name(), reason, backoff.toMillis(),
                        e instanceof StoreUnavailable ? null : e);
                rewind(records);
                if (!sleep(backoff)) {
                    break;
                }
                backoff = backoff.multipliedBy(2).compareTo(tuning.maxBackoff()) > 0 ? tuning.maxBackoff() : backoff.multipliedBy(2);
            }
        }
        try {
            consumer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            log.debug("closing the consumer of {}", name(), e);
        }
    }

    private void process(ConsumerRecords<String, byte[]> records) throws Exception {
        List<Decoded> batch = new ArrayList<>(records.count());
        List<ConsumerRecord<String, byte[]>> sources = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            String aggregateId = aggregateIdOf(record);
            if (parked.contains(aggregateId)) {
                deadLetters.hold(name(), aggregateId, record, null);
                continue;
            }
            Decoded decoded;
            try {
                decoded = decode(record);
            } catch (RuntimeException e) {
                park(aggregateId, record, null, "undecodable record: " + e.getMessage());
                continue;
            }
            if (decoded != null) {
                batch.add(decoded);
                sources.add(record);
            }
        }
        try {
            sink.apply(batch);
        } catch (StoreUnavailable e) {
            throw e;
        } catch (Exception batchFailure) {
            log.warn("projection {}: a batch of {} events failed ({}); applying them one by one", name(), batch.size(),
                    batchFailure.toString());
            applyOneByOne(batch, sources);
            return;
        }
        applied.addAndGet(batch.size());
        if (!batch.isEmpty()) {
            lastAppliedAt = Instant.now();
            recordStages(batch, sources, lastAppliedAt);
        }
    }

    /**
     * Where an event's way to the read model went: from its time (the command's) to the relay's send (command handling,
     * commit, change data capture, relay), and from there to applied (Kafka, the consumer's poll, the store).
     */
    private void recordStages(List<Decoded> batch, List<ConsumerRecord<String, byte[]>> sources, Instant appliedAt) {
        Timer toKafka = eventToKafka;
        Timer toStore = kafkaToStore;
        Timer kafkaToPoll = this.kafkaToPoll;
        if (toKafka == null || toStore == null || kafkaToPoll == null) {
            return;
        }
        long applied = appliedAt.toEpochMilli();
        for (int i = 0; i < batch.size(); i++) {
            long sent = sources.get(i).timestamp();
            toKafka.record(Math.max(0, sent - batch.get(i).envelope().occurredAt().toEpochMilli()), TimeUnit.MILLISECONDS);
            kafkaToPoll.record(Math.max(0, polledAt - sent), TimeUnit.MILLISECONDS);
            toStore.record(Math.max(0, applied - sent), TimeUnit.MILLISECONDS);
        }
    }

    /** Finds the events the store rejects and parks their aggregates; the others are applied. */
    private void applyOneByOne(List<Decoded> batch, List<ConsumerRecord<String, byte[]>> sources) throws Exception {
        for (int i = 0; i < batch.size(); i++) {
            Decoded decoded = batch.get(i);
            if (parked.contains(decoded.aggregateId())) {
                deadLetters.hold(name(), decoded.aggregateId(), sources.get(i), decoded);
                continue;
            }
            Exception last = null;
            for (int attempt = 1; attempt <= tuning.attemptsBeforeParking(); attempt++) {
                try {
                    sink.apply(List.of(decoded));
                    last = null;
                    break;
                } catch (StoreUnavailable e) {
                    throw e;
                } catch (Exception e) {
                    last = e;
                }
            }
            if (last == null) {
                applied.incrementAndGet();
                lastAppliedAt = Instant.now();
            } else {
                park(decoded.aggregateId(), sources.get(i), decoded, describe(last));
            }
        }
    }

    private void park(String aggregateId, ConsumerRecord<String, byte[]> record, Decoded decoded, String error)
            throws Exception {
        log.error("projection {}: parked aggregate {} at {}-{}@{}: {}", name(), aggregateId, record.topic(),
                record.partition(), record.offset(), error);
        deadLetters.park(name(), aggregateId, record, decoded, error);
        parked.add(aggregateId);
    }

    /** The record's envelope typed for this projection, null for another aggregate type's event; throws if undecodable. */
    private Decoded decode(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            throw new IllegalArgumentException("empty record");
        }
        return events.decode(EventJson.read(record.value()));
    }

    /** The Kafka key is the aggregate id; a keyless record is parked under its own position. */
    private static String aggregateIdOf(ConsumerRecord<String, byte[]> record) {
        return record.key() != null ? record.key()
                : "record:" + record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    /**
     * Why an event was not applied, as kept with its parked aggregate. A row it refers to that is not there yet (a
     * foreign key into another projection's table, e.g. the user of a join before the users projection wrote it) is
     * marked {@link #AWAITING_REFERENCE}: such an aggregate is retried by itself for a while.
     */
    static String describe(Exception failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && FOREIGN_KEY_VIOLATION.equals(sql.getSQLState())) {
                return AWAITING_REFERENCE + failure;
            }
        }
        return failure.toString();
    }

    /**
     * Read models are written by independent projections, so a row may refer to one another projection has not
     * written yet. Such an aggregate is parked like any other (its later events wait, the rest flow) and retried every
     * few seconds until it applies or {@code dependencyWait} has passed since it was parked; then it waits for an
     * operator like any other.
     */
    private void retryAwaitingReferences() throws Exception {
        if (parked.isEmpty() || tuning.dependencyWait().isZero()) {
            return;
        }
        Instant giveUp = Instant.now().minus(tuning.dependencyWait());
        for (DeadLetters.Parked p : deadLetters.parked(name())) {
            if (p.action() == null && p.error() != null && p.error().startsWith(AWAITING_REFERENCE)
                    && p.parkedAt().isAfter(giveUp) && parked.contains(p.aggregateId())) {
                deadLetters.request(name(), p.aggregateId(), DeadLetters.Action.RETRY);
            }
        }
    }

    /** Operator requests, a lost store, and the rebuild's next step: done here, between polls. */
    private void housekeeping() throws Exception {
        long now = System.nanoTime();
        if (now >= nextDependencyRetry) {
            nextDependencyRetry = now + DEPENDENCY_RETRY.toNanos();
            retryAwaitingReferences();
        }
        if (now >= nextHousekeeping) {
            nextHousekeeping = now + HOUSEKEEPING.toNanos();
            actOnRequests();
            if (rebuild == null && sink.lostData()) {
                log.warn("projection {}: its store lost data; rebuilding it from the event log", name());
                rebuildRequested = true;
            }
        }
        if (rebuildRequested && rebuild == null) {
            rebuildRequested = false;
            rebuild = sink.rebuild();
            deadLetters.clear(name());
            parked.clear();
            state = State.REBUILDING;
            reason = "rebuilding from the event log";
            log.info("projection {}: rebuilding from the event log", name());
        }
        Rebuild job = rebuild;
        if (job != null) {
            boolean more = job.step();
            if (!more) {
                rebuild = null;
                rebuilds.incrementAndGet();
                state = State.RUNNING;
                reason = null;
            }
        }
    }

    private void actOnRequests() throws Exception {
        for (DeadLetters.Request request : deadLetters.requestedActions(name())) {
            String aggregateId = request.aggregateId();
            if (!parked.contains(aggregateId)) {
                continue; // another instance owns its partition
            }
            boolean skipFirst = request.action() == DeadLetters.Action.SKIP;
            List<DeadLetters.Held> held = deadLetters.held(name(), aggregateId);
            String failure = null;
            for (int i = 0; i < held.size() && failure == null; i++) {
                DeadLetters.Held h = held.get(i);
                try {
                    if (i == 0 && skipFirst) {
                        skip(aggregateId, h);
                    } else {
                        Decoded decoded = decode(h.record());
                        if (decoded != null) {
                            sink.apply(List.of(decoded));
                            applied.incrementAndGet();
                        }
                    }
                    deadLetters.release(h.id());
                } catch (StoreUnavailable e) {
                    throw e;
                } catch (Exception e) {
                    failure = describe(e);
                }
            }
            if (failure == null) {
                deadLetters.unpark(name(), aggregateId);
                parked.remove(aggregateId);
                log.info("projection {}: aggregate {} flows again ({})", name(), aggregateId, request.action());
            } else {
                deadLetters.stillParked(name(), aggregateId, failure);
                // a reference still missing is retried every few seconds: not worth a warning each time
                log.atLevel(failure.startsWith(AWAITING_REFERENCE) ? Level.DEBUG : Level.WARN)
                        .log("projection {}: aggregate {} stays parked: {}", name(), aggregateId, failure);
            }
        }
    }

    /** Drops a held record; an event that can be read is also recorded as applied, so the next one follows it. */
    private void skip(String aggregateId, DeadLetters.Held held) throws Exception {
        Decoded decoded;
        try {
            decoded = decode(held.record());
        } catch (RuntimeException undecodable) {
            return;
        }
        if (decoded != null) {
            sink.skip(aggregateId, decoded.sequence());
        }
    }

    private void loadParked() {
        try {
            Set<String> ids = new HashSet<>(deadLetters.parkedIds(name()));
            parked.clear();
            parked.addAll(ids);
        } catch (Exception e) {
            log.error("projection {}: cannot read its parked aggregates", name(), e);
        }
    }

    /** Puts every partition of a failed batch back to its first record. */
    private void rewind(ConsumerRecords<String, byte[]> records) {
        try {
            for (TopicPartition partition : records.partitions()) {
                consumer.seek(partition, new OffsetAndMetadata(records.records(partition).get(0).offset()));
            }
        } catch (RuntimeException e) {
            log.warn("projection {}: cannot rewind; the uncommitted records come again after a rebalance", name(), e);
        }
    }

    private boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
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
