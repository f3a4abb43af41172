package io.darktower.medianode.roster;

import io.darktower.events.meeting.MeetingEvent;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The rosters of every meeting this node has heard of, built from the meeting events on Kafka. */
public final class Rosters {

    private final Map<UUID, MeetingRoster> rosters = new ConcurrentHashMap<>();

    /** The roster of a meeting, made empty if its events have not been seen (yet). */
    public MeetingRoster of(UUID meetingId) {
        return rosters.computeIfAbsent(meetingId, MeetingRoster::new);
    }

    void apply(MeetingEvent event, long sequence) {
        MeetingRoster roster = of(event.meetingId());
        roster.apply(event, sequence);
        if (roster.idle()) {
            // an ended meeting nobody here belongs to: nothing more to tell
            rosters.remove(event.meetingId(), roster);
        }
    }

    /** Meetings with at least one session on this node. */
    public int activeMeetings() {
        return (int) rosters.values().stream().filter(r -> r.members() > 0).count();
    }
}
