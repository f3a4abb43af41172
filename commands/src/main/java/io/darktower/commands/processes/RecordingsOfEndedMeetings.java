package io.darktower.commands.processes;

import io.darktower.commands.recording.StopRecording;
import io.darktower.events.meeting.MeetingEnded;
import io.darktower.events.recording.RecordingStarted;
import io.darktower.events.recording.RecordingStopped;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * When a meeting ends, its recordings still running stop. A durable process: an Axon tracking processor over the
 * event store ({@link RecordingProcessConfiguration}), one segment, in the store's global order, its token in
 * {@code event_store.token_entry}. Its memory ({@code running_recordings}, {@code ended_meetings}) and the
 * {@link StopRecording}s it sends are written in the transaction that moves its token, so after a crash it neither
 * forgets a recording nor loses a stop; and a stop sent twice changes nothing anyway.
 *
 * <p>Either order is covered: a recording read before its meeting's end is stopped by the end; a start read after
 * the end (the meeting ended between the authorisation and the start's commit) is stopped at once.
 */
@Component
@ProcessingGroup(RecordingsOfEndedMeetings.PROCESSING_GROUP)
class RecordingsOfEndedMeetings {

    static final String PROCESSING_GROUP = "recordings-of-ended-meetings";

    private final JdbcTemplate jdbc;
    private final CommandGateway commands;

    RecordingsOfEndedMeetings(JdbcTemplate jdbc, CommandGateway commands) {
        this.jdbc = jdbc;
        this.commands = commands;
    }

    @EventHandler
    void on(RecordingStarted event) {
        List<Timestamp> ended = jdbc.queryForList("SELECT ended_at FROM event_store.ended_meetings WHERE meeting_id = ?",
                Timestamp.class, event.meetingId());
        if (!ended.isEmpty()) {
            Instant endedAt = ended.get(0).toInstant();
            stop(event.recordingId(), endedAt.isAfter(event.startedAt()) ? endedAt : event.startedAt());
            return;
        }
        jdbc.update("""
                INSERT INTO event_store.running_recordings (recording_id, meeting_id, started_at) VALUES (?, ?, ?)
                ON CONFLICT (recording_id) DO NOTHING""",
                event.recordingId(), event.meetingId(), Timestamp.from(event.startedAt()));
    }

    @EventHandler
    void on(RecordingStopped event) {
        jdbc.update("DELETE FROM event_store.running_recordings WHERE recording_id = ?", event.recordingId());
    }

    @EventHandler
    void on(MeetingEnded event) {
        jdbc.update("""
                INSERT INTO event_store.ended_meetings (meeting_id, ended_at) VALUES (?, ?)
                ON CONFLICT (meeting_id) DO NOTHING""", event.meetingId(), Timestamp.from(event.endedAt()));
        List<UUID> running = jdbc.queryForList(
                "SELECT recording_id FROM event_store.running_recordings WHERE meeting_id = ? ORDER BY started_at",
                UUID.class, event.meetingId());
        for (UUID recordingId : running) {
            stop(recordingId, event.endedAt());
        }
    }

    /** In this unit of work: the stop's event is stored with the token that says this event was handled. */
    private void stop(UUID recordingId, Instant at) {
        commands.sendAndWait(new StopRecording(recordingId, null, at));
        jdbc.update("DELETE FROM event_store.running_recordings WHERE recording_id = ?", recordingId);
    }
}
