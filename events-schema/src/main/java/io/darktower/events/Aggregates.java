package io.darktower.events;

import io.darktower.events.apikey.ApiKeyEvent;
import io.darktower.events.meeting.MeetingEvent;
import io.darktower.events.node.ControllerEvent;
import io.darktower.events.node.MediaHandlerEvent;
import io.darktower.events.recording.RecordingEvent;
import io.darktower.events.user.UserEvent;
import java.util.List;
import java.util.Optional;

/** Every aggregate type of the platform. Adding one here is all the event catalogue and the topics need. */
public final class Aggregates {

    public static final AggregateType<MeetingEvent> MEETING =
            new AggregateType<>("meeting", MeetingEvent.class, MeetingEvent::meetingId);

    public static final AggregateType<RecordingEvent> RECORDING =
            new AggregateType<>("recording", RecordingEvent.class, RecordingEvent::recordingId);

    public static final AggregateType<UserEvent> USER =
            new AggregateType<>("user", UserEvent.class, UserEvent::userId);

    public static final AggregateType<ApiKeyEvent> API_KEY =
            new AggregateType<>("api_key", ApiKeyEvent.class, ApiKeyEvent::keyId);

    public static final AggregateType<ControllerEvent> MEETING_CONTROLLER =
            new AggregateType<>("meeting_controller", ControllerEvent.class, ControllerEvent::aggregateId);

    public static final AggregateType<MediaHandlerEvent> MEDIA_HANDLER =
            new AggregateType<>("media_handler", MediaHandlerEvent.class, MediaHandlerEvent::aggregateId);

    public static final List<AggregateType<?>> ALL = List.of(MEETING, RECORDING, USER, API_KEY, MEETING_CONTROLLER, MEDIA_HANDLER);

    private Aggregates() {
    }

    public static Optional<AggregateType<?>> named(String name) {
        return ALL.stream().filter(a -> a.name().equals(name)).findFirst();
    }
}
