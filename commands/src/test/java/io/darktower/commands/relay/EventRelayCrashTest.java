package io.darktower.commands.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.darktower.devstack.Sql;
import io.darktower.events.EventEnvelope;
import io.darktower.events.Topics;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The relay's JVM dies without warning after Kafka acknowledged a batch and before the relay committed the batch's
 * offsets, with events committed meanwhile; then a relay starts again. Every stored event reaches Kafka, each
 * meeting's events in order, and only the tail whose offsets were not committed is published twice: the head,
 * committed before the crash, is not published again. (A relay that never stored its offsets would start over and
 * publish the head twice.)
 */
class EventRelayCrashTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String SLOT = "relay_crash";

    @Test
    void aCrashBetweenAcknowledgementAndOffsetCommitRepublishesOnlyTheUncommittedTail() throws Exception {
        Endpoints shared = SharedTestStack.endpoints();
        TestEventStore store = TestEventStore.in(shared, SLOT);
        Endpoints db = store.endpoints();
        EventTopics.of(store.relaySettings(SLOT)).ensure(EventTopics.catalogued());
        List<UUID> meetings = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        UUID crashTrigger = UUID.randomUUID(); // its one event is the last of the tail
        Set<String> ours = new HashSet<>(meetings.stream().map(UUID::toString).toList());
        ours.add(crashTrigger.toString());
        int perMeeting = 10;

        try (TopicReader reader = new TopicReader(shared.kafkaBootstrapServers(), Topics.MEETING_EVENTS)) {
            Process first = startRelay(db, crashTrigger.toString());
            List<EventEnvelope> published = new ArrayList<>();
            List<String> head = new ArrayList<>();
            List<String> tail = new ArrayList<>();
            String beforeTrigger;
            try {
                // the head: published, and its offsets committed (the last event in a transaction of its own, after `head`)
                for (int seq = 0; seq < perMeeting; seq++) {
                    for (UUID meeting : meetings.subList(0, seq == perMeeting - 1 ? 2 : 3)) {
                        head.addAll(store.append(meeting, seq, 1));
                    }
                }
                String beforeLastHeadEvent = Sql.one(db, "SELECT pg_current_wal_lsn()::text");
                head.addAll(store.append(meetings.get(2), perMeeting - 1, 1));
                published.addAll(reader.read(e -> ours.contains(e.aggregateId()), head.size(), WAIT, Duration.ZERO));
                await().atMost(WAIT).until(() -> committedPast(db, beforeLastHeadEvent));

                // the tail: stored while the relay runs; it dies once Kafka acknowledged the batch with the trigger
                for (int seq = perMeeting; seq < 2 * perMeeting; seq++) {
                    for (UUID meeting : meetings) {
                        tail.addAll(store.append(meeting, seq, 1));
                    }
                }
                beforeTrigger = Sql.one(db, "SELECT pg_current_wal_lsn()::text");
                tail.addAll(store.append(crashTrigger, 0, 1));
                assertThat(first.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the relay crashed").isTrue();
                assertThat(first.exitValue()).isEqualTo(RelayProcess.CRASHED);
            } finally {
                first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }

            Process second = startRelay(db, null);
            try {
                List<String> stored = new ArrayList<>(head);
                stored.addAll(tail);
                published.addAll(reader.read(e -> ours.contains(e.aggregateId()), stored.size() + 1 - published.size(),
                        WAIT, Duration.ofSeconds(3)));
                Map<String, Long> timesPublished = published.stream()
                        .collect(Collectors.groupingBy(EventEnvelope::eventId, Collectors.counting()));

                assertThat(timesPublished.keySet()).as("every stored event was published").containsAll(stored);
                for (UUID meeting : meetings) {
                    assertThat(firstSeenSequences(published, meeting)).as("each meeting's events in order")
                            .containsExactlyElementsOf(LongStream.range(0, 2 * perMeeting).boxed().toList());
                }
                assertThat(head).as("the head's offsets were committed: none of it is published again")
                        .allSatisfy(id -> assertThat(timesPublished.get(id)).isEqualTo(1L));
                assertThat(timesPublished.get(tail.get(tail.size() - 1)))
                        .as("the batch acknowledged but not committed when the relay died is published again")
                        .isEqualTo(2L);
                long repeats = published.size() - timesPublished.size();
                assertThat(repeats).as("repeats are bounded by the uncommitted tail").isBetween(1L, (long) tail.size());

                List<Map<String, Object>> offsets = Sql.rows(db, "SELECT relay_name, convert_from(offset_key, 'UTF8') AS k, "
                        + "convert_from(offset_value, 'UTF8')::jsonb ->> 'lsn' AS lsn FROM event_store.relay_offsets");
                assertThat(offsets).as("one offsets row, this relay's, keyed by its name").singleElement().satisfies(row -> {
                    assertThat(row.get("relay_name")).isEqualTo(SLOT);
                    assertThat((String) row.get("k")).startsWith("[\"" + SLOT + "\",");
                });
                await("the restarted relay committed the tail's offsets").atMost(WAIT)
                        .until(() -> committedPast(db, beforeTrigger));
            } finally {
                second.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Whether the relay's committed offset lies past the given WAL position. */
    private static boolean committedPast(Endpoints db, String lsn) {
        return "true".equals(Sql.one(db, "SELECT (convert_from(offset_value, 'UTF8')::jsonb ->> 'lsn')::numeric "
                + ">= pg_wal_lsn_diff('" + lsn + "', '0/0') FROM event_store.relay_offsets WHERE relay_name = '" + SLOT + "'"));
    }

    /** A meeting's sequence with repeats of an already seen value dropped, as a consumer's sequence guard does. */
    private static List<Long> firstSeenSequences(List<EventEnvelope> published, UUID meeting) {
        List<Long> out = new ArrayList<>();
        long last = -1;
        for (EventEnvelope e : published) {
            if (e.aggregateId().equals(meeting.toString()) && e.aggregateSequence() > last) {
                out.add(e.aggregateSequence());
                last = e.aggregateSequence();
            }
        }
        return out;
    }

    private static Process startRelay(Endpoints db, String crashAfterAggregate) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                RelayProcess.class.getName(),
                db.jdbcUrl(), db.databaseUser(), db.databasePassword(), db.kafkaBootstrapServers(), SLOT));
        if (crashAfterAggregate != null) {
            command.add(crashAfterAggregate);
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var out = new BufferedReader(new InputStreamReader(process.getInputStream()));
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (String line; System.nanoTime() < deadline && (line = out.readLine()) != null; ) {
            if (line.equals("STREAMING")) {
                Thread drain = new Thread(() -> out.lines().filter(l -> l.startsWith("CRASHING"))
                        .forEach(System.out::println), "relay-process-output");
                drain.setDaemon(true);
                drain.start();
                return process;
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("the relay process did not start streaming");
    }
}
