package io.darktower.commands.relay;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * A relay alone in its own JVM, so that a test can kill it without warning: arguments are the event store's JDBC
 * URL, user, password, Kafka bootstrap servers, slot name and, optionally, an aggregate id. With one, the JVM
 * halts (as {@code kill -9} would stop it) right after Kafka acknowledged the batch holding an event of that
 * aggregate, before the relay commits the batch's offsets. Prints STREAMING once capturing, and no heartbeats
 * interfere with the offsets a test watches.
 */
public final class RelayProcess {

    static final int CRASHED = 99;

    private RelayProcess() {
    }

    public static void main(String[] args) throws Exception {
        RelaySettings settings = RelaySettings.defaults(args[0], args[1], args[2], args[3])
                .withSlotName(args[4])
                .withHeartbeatInterval(Duration.ofHours(1));
        String crashAfterAggregate = args.length > 5 ? args[5] : null;
        EventRelay relay = EventRelay.start(settings, acknowledged -> {
            if (crashAfterAggregate != null && acknowledged.stream().anyMatch(e -> e.aggregateId().equals(crashAfterAggregate))) {
                System.out.println("CRASHING after " + acknowledged.size() + " acknowledged: "
                        + List.copyOf(acknowledged.stream().map(e -> e.aggregateId() + "#" + e.aggregateSequence()).toList()));
                System.out.flush();
                Runtime.getRuntime().halt(CRASHED);
            }
        });
        exitWithTheParent();
        if (relay.awaitStreaming(Duration.ofSeconds(60))) {
            System.out.println("STREAMING");
            System.out.flush();
        }
        Thread.sleep(Long.MAX_VALUE);
    }

    /** The test holds this JVM's stdin open; when the test's JVM ends, however it ends, so does this one. */
    private static void exitWithTheParent() {
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // nothing is ever sent: wait for the end of the stream
                }
            } catch (IOException e) {
                // the parent is gone all the same
            }
            Runtime.getRuntime().halt(2);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
