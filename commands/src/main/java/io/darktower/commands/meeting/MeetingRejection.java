package io.darktower.commands.meeting;

import io.darktower.commands.Rejected;
import io.darktower.errors.ErrorCode;

/** Why a meeting refuses a command. */
public enum MeetingRejection implements Rejected.Reason {
    /** An idempotency key sent again with a different request. */
    IDEMPOTENCY_KEY_REUSED(ErrorCode.CONFLICT),
    MEETING_ENDED(ErrorCode.CONFLICT),
    MEETING_FULL(ErrorCode.CONFLICT),
    NOT_A_PARTICIPANT(ErrorCode.NOT_FOUND),
    NOT_ALLOWED(ErrorCode.FORBIDDEN),
    MEETING_CODE_TAKEN(ErrorCode.CONFLICT),
    /** The meeting admits signed-in users only ({@code require_auth}). */
    AUTHENTICATION_REQUIRED(ErrorCode.UNAUTHORIZED),
    /** The host turned this participant session away from the waiting room. */
    NOT_ADMITTED(ErrorCode.FORBIDDEN),
    WAITING_ROOM_FULL(ErrorCode.CONFLICT),
    NOT_WAITING(ErrorCode.NOT_FOUND),
    CAPACITY_BELOW_PRESENT(ErrorCode.CONFLICT),
    STREAM_LIMIT(ErrorCode.CONFLICT),
    STREAM_NOT_FOUND(ErrorCode.NOT_FOUND),
    OWN_STREAM(ErrorCode.CONFLICT),
    RECORDING_NOT_ALLOWED(ErrorCode.CONFLICT),
    MEETING_NOT_ACTIVE(ErrorCode.CONFLICT),
    /** Retention: the meeting has not ended, or ended less than its retention ago. */
    RETENTION_NOT_OVER(ErrorCode.CONFLICT);

    private final ErrorCode code;

    MeetingRejection(ErrorCode code) {
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
