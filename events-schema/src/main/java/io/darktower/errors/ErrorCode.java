package io.darktower.errors;

/**
 * The stable error codes clients see, over HTTP ({@code application/problem+json}) and on signaling
 * streams ({@code ErrorMessage}). Codes are API: never rename one.
 */
public enum ErrorCode {
    INVALID_REQUEST,
    UNAUTHORIZED,
    FORBIDDEN,
    NOT_FOUND,
    CONFLICT,
    RATE_LIMITED,
    CAPACITY_EXCEEDED,
    STREAM_ERROR,
    INTERNAL_ERROR
}
