package io.darktower.commands.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.darktower.events.EventEnvelope;
import io.darktower.events.Topics;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The relay killed with {@code kill -9} while events are being committed, then started again: every stored
 * event reaches Kafka. A batch acknowledged by Kafka but not yet recorded as done may be published twice;
 * each aggregate's sequence stays in order, so consumers drop the repeat by sequence.
 */
class EventRelayCrashTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void aKilledRelayLosesNothingAndKeepsEachMeetingInOrder() throws Exception {
        Endpoints shared = SharedTestStack.endpoints();
        EventRelay.createTopics(RelaySettings.defaults("unused", 0, "unused", "unused", "unused", shared.kafkaBootstrapServers()));
        EventRelayTest.Store store = EventRelayTest.Store.in(shared, "relay_crash");
        List<UUID> meetings = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        Set<String> meetingIds = new HashSet<>(meetings.stream().map(UUID::toString).toList());
        List<String> stored = new ArrayList<>();
        int perMeeting = 40;

        try (TopicReader reader = new TopicReader(shared.kafkaBootstrapServers(), Topics.MEETING_EVENTS)) {
            Process first = startRelay(store.endpoints());
            List<EventEnvelope> published = new ArrayList<>();
            // commit while the relay runs, kill it mid-stream, keep committing while it is dead
            for (int seq = 0; seq < perMeeting; seq++) {
                for (UUID meeting : meetings) {
                    stored.addAll(store.append(meeting, seq, 1));
                }
                if (seq == perMeeting / 2) {
                    published.addAll(reader.read(e -> meetingIds.contains(e.aggregateId()), 1, WAIT, Duration.ZERO));
                    first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            }
            assertThat(published).as("the first relay was publishing when it was killed").isNotEmpty();
            Process second = startRelay(store.endpoints());
            try {
                published.addAll(reader.read(e -> meetingIds.contains(e.aggregateId()),
                        stored.size() - published.size(), WAIT, Duration.ofSeconds(3)));

                assertThat(published.stream().map(EventEnvelope::eventId).toList())
                        .as("every stored event was published")
                        .containsAll(stored);
                for (UUID meeting : meetings) {
                    List<Long> sequences = published.stream().filter(e -> e.aggregateId().equals(meeting.toString()))
                            .map(EventEnvelope::aggregateSequence).toList();
                    assertThat(firstSeen(sequences)).as("each meeting's events in order")
                            .containsExactlyElementsOf(java.util.stream.LongStream.range(0, perMeeting).boxed().toList());
                }
            } finally {
                second.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The sequence with repeats of an already seen value dropped, as a consumer's sequence guard does. */
    private static List<Long> firstSeen(List<Long> sequences) {
        List<Long> out = new ArrayList<>();
        long last = -1;
        for (long seq : sequences) {
            if (seq > last) {
                out.add(seq);
                last = seq;
            }
        }
        return out;
    }

    private static Process startRelay(Endpoints db) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                RelayProcess.class.getName(),
                db.postgresHost(), Integer.toString(db.postgresPort()), db.database(), db.databaseUser(),
                db.databasePassword(), db.kafkaBootstrapServers(), "relay_crash")
                .redirectErrorStream(true)
                .start();
        var out = new BufferedReader(new InputStreamReader(process.getInputStream()));
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (String line; System.nanoTime() < deadline && (line = out.readLine()) != null; ) {
            if (line.equals("STREAMING")) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "relay-process-output");
                drain.setDaemon(true);
                drain.start();
                return process;
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("the relay process did not start streaming");
    }
}
