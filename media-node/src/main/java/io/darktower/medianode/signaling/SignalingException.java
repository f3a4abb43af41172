package io.darktower.medianode.signaling;

import io.darktower.signaling.ErrorCode;

/** A signaling request that cannot be served, with the code its {@code ErrorMessage} carries. */
public final class SignalingException extends RuntimeException {

    private final ErrorCode code;

    public SignalingException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
