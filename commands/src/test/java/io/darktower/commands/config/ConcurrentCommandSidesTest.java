package io.darktower.commands.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.darktower.commands.Rejected;
import io.darktower.commands.config.CommandSideNode.Rendezvous;
import io.darktower.commands.meeting.CreateMeeting;
import io.darktower.commands.meeting.JoinMeeting;
import io.darktower.commands.meeting.LeaveMeeting;
import io.darktower.devstack.Databases;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.darktower.devstack.Sql;
import io.darktower.events.meeting.LeaveReason;
import io.darktower.events.meeting.MeetingEnded;
import io.darktower.events.meeting.MeetingSettings;
import io.darktower.events.meeting.MeetingStarted;
import io.darktower.events.meeting.ParticipantJoined;
import io.darktower.events.meeting.ParticipantLeft;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two command sides, sharing only the event store, race on one meeting. Neither knows of the other: the store's
 * unique (aggregate, sequence) key refuses the loser's append, the refusal is a concurrency failure, the gateway
 * sends the command again, and the meeting decides again on what the winner stored. So the meeting's rules hold
 * across nodes: a full meeting admits no one more, and a meeting ends exactly once.
 */
class ConcurrentCommandSidesTest {

    private static final Instant NOW = Instant.parse("2026-01-16T13:00:00Z");

    private static Endpoints db;
    private static final Rendezvous rendezvous = new Rendezvous();
    private static CommandSideNode nodeA;
    private static CommandSideNode nodeB;
    private static ExecutorService callers;

    @BeforeAll
    static void twoNodes() {
        db = Databases.create(SharedTestStack.endpoints(), "command_race");
        nodeA = CommandSideNode.start("a", db, rendezvous);
        nodeB = CommandSideNode.start("b", db, rendezvous);
        callers = Executors.newFixedThreadPool(8);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        callers.shutdownNow();
        callers.awaitTermination(10, TimeUnit.SECONDS);
        nodeA.close();
        nodeB.close();
    }

    @AfterEach
    void disarm() {
        rendezvous.disarm();
    }

    @Test
    void concurrentJoinsForTheLastSeatsAdmitExactlyTheCapacity() throws Exception {
        UUID meeting = UUID.randomUUID();
        int capacity = 4;
        create(nodeA, meeting, capacity);
        join(nodeA, meeting, UUID.randomUUID());
        join(nodeB, meeting, UUID.randomUUID());
        int conflictsBefore = conflicts();

        rendezvous.arm(2); // each node's first join decides on the same two free seats before either appends
        List<Future<String>> outcomes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            CommandSideNode node = i % 2 == 0 ? nodeA : nodeB;
            UUID participant = UUID.randomUUID();
            outcomes.add(callers.submit(outcome(() -> join(node, meeting, participant))));
        }

        Map<String, Long> counted = count(outcomes);
        assertThat(counted).as("two admitted for the two seats left, four refused")
                .containsOnly(Map.entry("joined", 2L), Map.entry("MEETING_FULL", 4L));
        assertThat(conflicts() - conflictsBefore).as("the nodes raced: an append lost and was decided again")
                .isPositive();
        assertThat(storedTypes(meeting)).as("the store holds exactly the capacity's joins")
                .containsEntry(ParticipantJoined.class.getName(), (long) capacity)
                .containsEntry(MeetingStarted.class.getName(), 1L);
        assertThat(sequences(meeting)).as("one unbroken sequence").containsExactlyElementsOf(
                LongStream.range(0, 1 + 1 + capacity).boxed().toList());
    }

    @Test
    void theLastTwoParticipantsLeavingAtOnceEndTheMeetingExactlyOnce() throws Exception {
        UUID meeting = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        create(nodeA, meeting, 10);
        join(nodeA, meeting, first);
        join(nodeB, meeting, second);
        int conflictsBefore = conflicts();

        rendezvous.arm(2); // both decide while the other is still present: neither would end the meeting
        Future<String> leaveA = callers.submit(outcome(() -> leave(nodeA, meeting, first)));
        Future<String> leaveB = callers.submit(outcome(() -> leave(nodeB, meeting, second)));

        assertThat(List.of(leaveA.get(30, TimeUnit.SECONDS), leaveB.get(30, TimeUnit.SECONDS))).containsOnly("left");
        assertThat(conflicts() - conflictsBefore).as("the nodes raced: an append lost and was decided again")
                .isPositive();
        Map<String, Long> stored = storedTypes(meeting);
        assertThat(stored).as("the one who left last, as decided again, ended the meeting")
                .containsEntry(ParticipantLeft.class.getName(), 2L)
                .containsEntry(MeetingEnded.class.getName(), 1L);
        assertThat(sequences(meeting)).as("created, started, two joined, two left, ended: one unbroken sequence")
                .containsExactlyElementsOf(LongStream.range(0, 7).boxed().toList());
        assertThat(Sql.one(db, "SELECT payload_type FROM event_store.domain_event_entry WHERE aggregate_identifier = '"
                + meeting + "' ORDER BY sequence_number DESC LIMIT 1")).isEqualTo(MeetingEnded.class.getName());
    }

    // --- the meeting's commands: the only place this test touches the meeting's API ---

    private static void create(CommandSideNode node, UUID meeting, int capacity) {
        node.commands().sendAndWait(new CreateMeeting(meeting, "race-" + meeting.toString().substring(0, 8), "Race",
                capacity, MeetingSettings.DEFAULTS, null, null, NOW));
    }

    private static String join(CommandSideNode node, UUID meeting, UUID participant) {
        node.commands().sendAndWait(new JoinMeeting(meeting, participant, null, "P", null, null, null, NOW));
        return "joined";
    }

    private static String leave(CommandSideNode node, UUID meeting, UUID participant) {
        node.commands().sendAndWait(new LeaveMeeting(meeting, participant, LeaveReason.VOLUNTARY, NOW));
        return "left";
    }

    /** The command's outcome, or the reason it was rejected; any other failure fails the test. */
    private static Callable<String> outcome(Callable<String> command) {
        return () -> {
            try {
                return command.call();
            } catch (RuntimeException e) {
                for (Throwable t = e; t != null; t = t.getCause()) {
                    if (t instanceof Rejected rejected) {
                        return rejected.reason().name();
                    }
                }
                throw e;
            }
        };
    }

    // --- what the store holds ---

    private static Map<String, Long> count(List<Future<String>> outcomes) throws Exception {
        List<String> all = new ArrayList<>();
        for (Future<String> outcome : outcomes) {
            all.add(outcome.get(30, TimeUnit.SECONDS));
        }
        return all.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static Map<String, Long> storedTypes(UUID meeting) {
        return Sql.strings(db, "SELECT payload_type FROM event_store.domain_event_entry WHERE aggregate_identifier = '"
                + meeting + "'").stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static List<Long> sequences(UUID meeting) {
        return Sql.strings(db, "SELECT sequence_number FROM event_store.domain_event_entry WHERE aggregate_identifier = '"
                + meeting + "' ORDER BY sequence_number").stream().map(Long::valueOf).toList();
    }

    private static int conflicts() {
        return nodeA.conflictsRetried() + nodeB.conflictsRetried();
    }
}
