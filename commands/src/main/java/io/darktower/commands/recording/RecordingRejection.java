package io.darktower.commands.recording;

import io.darktower.commands.Rejected;
import io.darktower.errors.ErrorCode;

/** Why a recording refuses a command. */
public enum RecordingRejection implements Rejected.Reason {
    /** An idempotency key sent again with a different request. */
    IDEMPOTENCY_KEY_REUSED(ErrorCode.CONFLICT),
    /** Processing or ready before the recording was stopped. */
    NOT_STOPPED(ErrorCode.CONFLICT),
    /** The recording is ready or failed already: its outcome does not change. */
    ALREADY_FINISHED(ErrorCode.CONFLICT),
    /** A failed recording has nothing to share. */
    RECORDING_FAILED(ErrorCode.CONFLICT),
    /** Only the user who started a recording, or an administrator, stops or shares it. */
    NOT_ALLOWED(ErrorCode.FORBIDDEN),
    /** Retention: the recording is still running, or stopped less than its policy's days ago. */
    RETENTION_NOT_OVER(ErrorCode.CONFLICT);

    private final ErrorCode code;

    RecordingRejection(ErrorCode code) {
        this.code = code;
    }

    @Override
    public ErrorCode code() {
        return code;
    }

    Rejected because(String message) {
        return new Rejected(this, message);
    }
}
