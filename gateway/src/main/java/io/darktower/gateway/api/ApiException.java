package io.darktower.gateway.api;

import io.darktower.errors.ErrorCode;

/** A refusal decided at the edge (malformed input, unknown resource), reported with its stable code. */
public final class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final String reason;

    public ApiException(ErrorCode code, String reason, String detail) {
        super(detail, null, false, false);
        this.code = code;
        this.reason = reason;
    }

    public static ApiException invalid(String detail) {
        return new ApiException(ErrorCode.INVALID_REQUEST, null, detail);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(ErrorCode.NOT_FOUND, null, detail);
    }

    public ErrorCode code() {
        return code;
    }

    public String reason() {
        return reason;
    }
}
