package io.darktower.commands.user;

import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A user is loaded from its latest snapshot plus the events after it: every sign-in is an event, so an account used for
 * years would otherwise replay thousands of them per command. The snapshot holds what the events hold (secrets sealed).
 */
@Configuration(proxyBeanMethods = false)
public class UserSnapshots {

    static final int EVENTS_PER_SNAPSHOT = 50;

    @Bean
    SnapshotTriggerDefinition userSnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, EVENTS_PER_SNAPSHOT);
    }
}
