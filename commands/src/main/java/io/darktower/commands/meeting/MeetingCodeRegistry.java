package io.darktower.commands.meeting;

import io.darktower.commands.config.CommandSideConfiguration;
import io.darktower.commands.meeting.MeetingRejected.Reason;
import io.darktower.events.meeting.MeetingCreated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps meeting codes unique across all meetings. Runs in the transaction that appends {@link MeetingCreated}:
 * a code already taken fails the command and neither the event nor the code is stored.
 */
@Component
@ProcessingGroup(CommandSideConfiguration.IN_TRANSACTION_GROUP)
class MeetingCodeRegistry {

    private final JdbcTemplate jdbc;

    MeetingCodeRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(MeetingCreated event) {
        int inserted = jdbc.update(
                "INSERT INTO event_store.meeting_codes (meeting_code, meeting_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                event.meetingCode(), event.meetingId());
        if (inserted == 0) {
            throw new MeetingRejected(Reason.MEETING_CODE_TAKEN, "meeting code " + event.meetingCode() + " is taken");
        }
    }
}
