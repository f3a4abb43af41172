package io.darktower.commands.meeting;

import io.darktower.commands.Rejected;
import io.darktower.errors.ErrorCode;

/** Why a meeting refuses a command. */
public enum MeetingRejection implements Rejected.Reason {
    /** An idempotency key sent again with a different request. */
    IDEMPOTENCY_KEY_REUSED(ErrorCode.CONFLICT),
    MEETING_ENDED(ErrorCode.CONFLICT),
    MEETING_FULL(ErrorCode.CONFLICT),
    ALREADY_JOINED(ErrorCode.CONFLICT),
    NOT_A_PARTICIPANT(ErrorCode.NOT_FOUND),
    NOT_ALLOWED(ErrorCode.FORBIDDEN),
    MEETING_CODE_TAKEN(ErrorCode.CONFLICT);

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
