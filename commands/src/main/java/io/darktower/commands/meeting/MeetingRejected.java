package io.darktower.commands.meeting;

import io.darktower.errors.ErrorCode;

/** A meeting command that the meeting's rules refuse. Nothing was written. */
public final class MeetingRejected extends RuntimeException {

    /** Why, each with the stable code an edge reports for it. */
    public enum Reason {
        INVALID_MEETING(ErrorCode.INVALID_REQUEST),
        INVALID_PARTICIPANT(ErrorCode.INVALID_REQUEST),
        MEETING_CODE_TAKEN(ErrorCode.CONFLICT),
        /** An idempotency key sent again with a different request. */
        IDEMPOTENCY_KEY_REUSED(ErrorCode.CONFLICT),
        MEETING_ENDED(ErrorCode.CONFLICT),
        MEETING_FULL(ErrorCode.CONFLICT),
        ALREADY_JOINED(ErrorCode.CONFLICT),
        NOT_A_PARTICIPANT(ErrorCode.NOT_FOUND),
        NOT_ALLOWED(ErrorCode.FORBIDDEN);

        private final ErrorCode code;

        Reason(ErrorCode code) {
            this.code = code;
        }

        public ErrorCode code() {
            return code;
        }
    }

    private final Reason reason;

    public MeetingRejected(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
