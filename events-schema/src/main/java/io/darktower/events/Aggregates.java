package io.darktower.events;

import io.darktower.events.meeting.MeetingEvent;
import java.util.List;
import java.util.Optional;

/** Every aggregate type of the platform. Adding one here is all the event catalogue and the topics need. */
public final class Aggregates {

    public static final AggregateType<MeetingEvent> MEETING =
            new AggregateType<>("meeting", MeetingEvent.class, MeetingEvent::meetingId);

    public static final List<AggregateType<?>> ALL = List.of(MEETING);

    private Aggregates() {
    }

    public static Optional<AggregateType<?>> named(String name) {
        return ALL.stream().filter(a -> a.name().equals(name)).findFirst();
    }
}
