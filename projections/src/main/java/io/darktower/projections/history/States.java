package io.darktower.projections.history;

import io.darktower.events.apikey.ApiKeyEvent;
import io.darktower.events.meeting.MeetingEvent;
import io.darktower.events.user.UserEvent;

/** The one fold of events into state, per subject: the state records own their transitions; this picks the record. */
final class States {

    private States() {
    }

    static Object initial(Subject subject) {
        return switch (subject) {
            case MEETING -> MeetingState.none();
            case USER -> UserState.none();
            case API_KEY -> ApiKeyState.none();
        };
    }

    /** The state after {@code event}; an event of another aggregate type leaves it as it was. */
    static Object apply(Object state, Object event) {
        if (state instanceof MeetingState meeting && event instanceof MeetingEvent e) {
            return meeting.apply(e);
        }
        if (state instanceof UserState user && event instanceof UserEvent e) {
            return user.apply(e);
        }
        if (state instanceof ApiKeyState key && event instanceof ApiKeyEvent e) {
            return key.apply(e);
        }
        return state;
    }
}
