package io.darktower.commands.recording;

import io.darktower.commands.meeting.AuthorizeRecording;
import io.darktower.events.recording.RecordingStarted;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * Starts a recording where the meeting allows it: the meeting decides ({@link AuthorizeRecording}, which refuses
 * with the meeting's own reason and appends nothing), then the recording is created, in the same unit of work.
 * Two aggregates, so neither decides for the other: the meeting knows whether it is active, allows recording and
 * who is present; the recording knows its own life.
 *
 * <p>A retry (same recording id) answers as the first start did without asking the meeting again: the first
 * answer stands even if the meeting has ended since.
 */
@Component
public class RecordingStarter {

    private final Repository<Recording> recordings;
    private final CommandGateway commands;

    public RecordingStarter(Repository<Recording> recordings, CommandGateway commands) {
        this.recordings = recordings;
        this.commands = commands;
    }

    /** @return the facts of the start, the first time's on a retry */
    @CommandHandler
    public RecordingStarted handle(StartRecording command) throws Exception {
        Aggregate<Recording> existing = find(command);
        if (existing != null) {
            return existing.invoke(recording -> recording.answerRetry(command));
        }
        commands.sendAndWait(new AuthorizeRecording(command.meetingId(), command.recordingId(),
                command.requestedByUserId(), command.requestedByAdmin(), command.requestedAt()));
        return recordings.newInstance(() -> new Recording(command)).invoke(Recording::started);
    }

    private Aggregate<Recording> find(StartRecording command) {
        try {
            return recordings.load(command.recordingId().toString());
        } catch (AggregateNotFoundException e) {
            return null;
        }
    }
}
