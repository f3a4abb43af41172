package io.darktower.commands.meeting;

import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A meeting is loaded from its latest snapshot plus the events after it. Snapshots come from the event store
 * itself, so any node may still handle any command (an in-memory aggregate cache could not promise that).
 */
@Configuration(proxyBeanMethods = false)
public class MeetingSnapshots {

    static final int EVENTS_PER_SNAPSHOT = 100;

    @Bean
    SnapshotTriggerDefinition meetingSnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, EVENTS_PER_SNAPSHOT);
    }
}
