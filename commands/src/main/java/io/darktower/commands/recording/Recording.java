package io.darktower.commands.recording;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.darktower.events.recording.RecordingFailed;
import io.darktower.events.recording.RecordingProcessingStarted;
import io.darktower.events.recording.RecordingPurged;
import io.darktower.events.recording.RecordingReady;
import io.darktower.events.recording.RecordingShareRevoked;
import io.darktower.events.recording.RecordingShared;
import io.darktower.events.recording.RecordingStarted;
import io.darktower.events.recording.RecordingStopped;
import io.darktower.readmodel.RecordingStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One recording of a meeting: recording, stopped, processing, then ready or failed; shared through a link or not.
 * Created by {@link RecordingStarter} once the meeting allowed it. Decides only: every method checks the rules,
 * then applies events; state changes in the handlers. A repeated command (stop, processing, the same outcome, the
 * same share) changes nothing; a step out of order is refused with a {@link RecordingRejection}.
 */
@Aggregate
public class Recording {

    /** Limits of the read model's columns, checked on the command records (see {@code validation.Text}). */
    public static final int MAX_BUCKET = 255;
    /** {@code storage_path} is TEXT; object-storage keys are at most 1024 bytes (S3, GCS). */
    public static final int MAX_STORAGE_PATH = 1024;
    public static final int MAX_CODEC = 50;
    public static final int MAX_RESOLUTION = 20;
    /** {@code error_message} is TEXT; a message is for people, not a stack trace. */
    public static final int MAX_ERROR = 2000;
    /** Width x height in pixels, each 1 to 99999, e.g. {@code 1920x1080}. */
    public static final String RESOLUTION = "[1-9][0-9]{0,4}x[1-9][0-9]{0,4}";

    /** Where a recording is in its life; the seed's status has no "stopped": a stopped recording shows "recording" with an end. */
    enum Stage { RECORDING, STOPPED, PROCESSING, READY, FAILED }

    @AggregateIdentifier
    private UUID recordingId;
    private RecordingStarted started;
    private Stage stage;
    private RecordingReady ready;
    private RecordingShared share;
    /** When it stopped (the start of its retention); null while recording. */
    private Instant stoppedAt;
    private boolean purged;

    protected Recording() {
        // for event sourcing
    }

    /** Starts the recording; the meeting has allowed it ({@link RecordingStarter}). */
    Recording(StartRecording command) {
        apply(new RecordingStarted(command.recordingId(), command.meetingId(), command.requestedByUserId(),
                command.storagePath(), command.storageBucket(), command.requestedAt()));
    }

    /** A retried start answers as the first did; the same id for another meeting or place is refused. */
    RecordingStarted answerRetry(StartRecording command) {
        if (!started.meetingId().equals(command.meetingId())
                || !started.storagePath().equals(command.storagePath())
                || !started.storageBucket().equals(command.storageBucket())) {
            throw RecordingRejection.IDEMPOTENCY_KEY_REUSED.because(
                    "recording " + recordingId + " was started by an earlier request with other details");
        }
        return started;
    }

    RecordingStarted started() {
        return started;
    }

    /** @return the status after the stop */
    @CommandHandler
    public RecordingStatus handle(StopRecording command) {
        if (command.requester() != null) {
            requireManagedBy(command.requester(), "stops");
        }
        if (stage == Stage.RECORDING) {
            apply(new RecordingStopped(recordingId, notBeforeStart(command.requestedAt())));
        }
        return status();
    }

    @CommandHandler
    public RecordingStatus handle(MarkRecordingProcessing command) {
        switch (stage) {
            case RECORDING -> throw RecordingRejection.NOT_STOPPED.because("recording " + recordingId + " is still running");
            case STOPPED -> apply(new RecordingProcessingStarted(recordingId, notBeforeStart(command.requestedAt())));
            case PROCESSING -> { } // said before: changes nothing
            case READY, FAILED -> throw RecordingRejection.ALREADY_FINISHED.because(
                    "recording " + recordingId + " is " + status().wire() + " already");
        }
        return status();
    }

    @CommandHandler
    public RecordingStatus handle(MarkRecordingReady command) {
        RecordingReady outcome = new RecordingReady(recordingId, command.fileSizeBytes(),
                Math.toIntExact(command.durationSeconds()), command.videoCodec(), command.audioCodec(),
                command.resolution(),
                command.storagePath() == null ? started.storagePath() : command.storagePath(),
                command.storageBucket() == null ? started.storageBucket() : command.storageBucket(),
                notBeforeStart(command.requestedAt()));
        switch (stage) {
            case RECORDING -> throw RecordingRejection.NOT_STOPPED.because("recording " + recordingId + " is still running");
            case STOPPED, PROCESSING -> apply(outcome);
            case READY -> {
                if (!sameOutcome(ready, outcome)) {
                    throw RecordingRejection.ALREADY_FINISHED.because("recording " + recordingId + " is ready with other details");
                }
            }
            case FAILED -> throw RecordingRejection.ALREADY_FINISHED.because("recording " + recordingId + " failed");
        }
        return status();
    }

    @CommandHandler
    public RecordingStatus handle(FailRecording command) {
        Instant at = notBeforeStart(command.requestedAt());
        switch (stage) {
            case RECORDING -> {
                apply(new RecordingStopped(recordingId, at));
                apply(new RecordingFailed(recordingId, command.errorMessage(), at));
            }
            case STOPPED, PROCESSING -> apply(new RecordingFailed(recordingId, command.errorMessage(), at));
            case FAILED -> { } // failed before: changes nothing
            case READY -> throw RecordingRejection.ALREADY_FINISHED.because("recording " + recordingId + " is ready");
        }
        return status();
    }

    /**
     * @return the share in force: this one, or on a retry (same share id) the first time's, whose token hash is not
     *         the retry's: the caller can tell that the token was handed out before and cannot be shown again
     */
    @CommandHandler
    public RecordingShared handle(ShareRecording command) {
        requireManagedBy(command.requester(), "shares");
        if (share != null && share.shareId().equals(command.shareId())) {
            // the retry's token is not the first one's (tokens are random): the first share stands, with its hash
            if (share.isPublic() != command.isPublic()) {
                throw RecordingRejection.IDEMPOTENCY_KEY_REUSED.because(
                        "recording " + recordingId + " was shared by an earlier request with other details");
            }
            return share;
        }
        if (stage == Stage.FAILED) {
            throw RecordingRejection.RECORDING_FAILED.because("recording " + recordingId + " failed: nothing to share");
        }
        apply(new RecordingShared(recordingId, command.shareId(), command.isPublic(), command.accessTokenHash(),
                notBeforeStart(command.requestedAt())));
        return share;
    }

    @CommandHandler
    public void handle(RevokeRecordingShare command) {
        requireManagedBy(command.requester(), "unshares");
        if (share != null) {
            apply(new RecordingShareRevoked(recordingId, notBeforeStart(command.requestedAt())));
        }
    }

    private void requireManagedBy(RecordingRequester requester, String what) {
        if (!requester.mayManage(started.startedByUserId())) {
            throw RecordingRejection.NOT_ALLOWED.because(
                    "only the user who started recording " + recordingId + ", or an administrator, " + what + " it");
        }
    }

    /**
     * Retention: the recording's row leaves the read model once it stopped {@code retentionDays} ago.
     *
     * @return true when this command purged it, false when it was purged already
     */
    @CommandHandler
    public boolean handle(PurgeRecording command) {
        if (purged) {
            return false;
        }
        if (stoppedAt == null) {
            throw RecordingRejection.RETENTION_NOT_OVER.because("recording " + recordingId + " is still running");
        }
        Instant keptUntil = stoppedAt.plus(Duration.ofDays(command.retentionDays()));
        if (keptUntil.isAfter(command.requestedAt())) {
            throw RecordingRejection.RETENTION_NOT_OVER.because("recording " + recordingId + " stopped at " + stoppedAt
                    + "; it is kept until " + keptUntil);
        }
        apply(new RecordingPurged(recordingId, started.meetingId(), stoppedAt, command.retentionDays(),
                command.requestedAt()));
        return true;
    }

    /** A clock behind the start's (another node, a process acting on an older fact) must not end it before it began. */
    private Instant notBeforeStart(Instant at) {
        return at.isBefore(started.startedAt()) ? started.startedAt() : at;
    }

    private static boolean sameOutcome(RecordingReady a, RecordingReady b) {
        return a.fileSizeBytes() == b.fileSizeBytes() && a.durationSeconds() == b.durationSeconds()
                && Objects.equals(a.videoCodec(), b.videoCodec()) && Objects.equals(a.audioCodec(), b.audioCodec())
                && Objects.equals(a.resolution(), b.resolution()) && a.storagePath().equals(b.storagePath())
                && a.storageBucket().equals(b.storageBucket());
    }

    RecordingStatus status() {
        return switch (stage) {
            case RECORDING, STOPPED -> RecordingStatus.RECORDING;
            case PROCESSING -> RecordingStatus.PROCESSING;
            case READY -> RecordingStatus.READY;
            case FAILED -> RecordingStatus.FAILED;
        };
    }

    @EventSourcingHandler
    void on(RecordingStarted event) {
        recordingId = event.recordingId();
        started = event;
        stage = Stage.RECORDING;
    }

    @EventSourcingHandler
    void on(RecordingStopped event) {
        stage = Stage.STOPPED;
        stoppedAt = event.stoppedAt();
    }

    @EventSourcingHandler
    void on(RecordingPurged event) {
        purged = true;
    }

    @EventSourcingHandler
    void on(RecordingProcessingStarted event) {
        stage = Stage.PROCESSING;
    }

    @EventSourcingHandler
    void on(RecordingReady event) {
        stage = Stage.READY;
        ready = event;
    }

    @EventSourcingHandler
    void on(RecordingFailed event) {
        stage = Stage.FAILED;
    }

    @EventSourcingHandler
    void on(RecordingShared event) {
        share = event;
    }

    @EventSourcingHandler
    void on(RecordingShareRevoked event) {
        share = null;
    }
}
