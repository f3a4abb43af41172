package io.darktower.commands.relay;

import java.time.Duration;

/**
 * A relay alone in its own JVM, so that a test can kill it without warning ({@code kill -9}): arguments are
 * host, port, database, user, password, Kafka bootstrap servers, slot name. Prints STREAMING once capturing.
 */
public final class RelayProcess {

    private RelayProcess() {
    }

    public static void main(String[] args) throws Exception {
        RelaySettings settings = RelaySettings.defaults(args[0], Integer.parseInt(args[1]), args[2], args[3], args[4], args[5])
                .withSlotName(args[6]);
        EventRelay relay = EventRelay.start(settings);
        if (relay.awaitStreaming(Duration.ofSeconds(60))) {
            System.out.println("STREAMING");
            System.out.flush();
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
