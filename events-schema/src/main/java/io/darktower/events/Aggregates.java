package io.darktower.events;

import io.darktower.events.meeting.MeetingEvent;
import io.darktower.events.recording.RecordingEvent;
import java.util.List;
import java.util.Optional;

/** Every aggregate type of the platform. Adding one here is all the event catalogue and the topics need. */
public final class Aggregates {

    public static final AggregateType<MeetingEvent> MEETING =
            new AggregateType<>("meeting", MeetingEvent.class, MeetingEvent::meetingId);

    public static final AggregateType<RecordingEvent> RECORDING =
            new AggregateType<>("recording", RecordingEvent.class, RecordingEvent::recordingId);

    public static final List<AggregateType<?>> ALL = List.of(MEETING, RECORDING);

    private Aggregates() {
    }

    public static Optional<AggregateType<?>> named(String name) {
        return ALL.stream().filter(a -> a.name().equals(name)).findFirst();
    }
}
