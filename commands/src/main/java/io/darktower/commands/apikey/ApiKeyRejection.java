package io.darktower.commands.apikey;

import io.darktower.commands.Rejected;
import io.darktower.errors.ErrorCode;

/** Why an API key refuses a command. */
public enum ApiKeyRejection implements Rejected.Reason {
    /** An idempotency key sent again with a different request. */
    IDEMPOTENCY_KEY_REUSED(ErrorCode.CONFLICT),
    /** Another key has the same hash: a secret generated twice (practically never), or a replayed request. */
    API_KEY_HASH_TAKEN(ErrorCode.CONFLICT),
    EXPIRY_NOT_IN_FUTURE(ErrorCode.INVALID_REQUEST),
    /** The key is not the caller's: answered as if it did not exist. */
    API_KEY_NOT_FOUND(ErrorCode.NOT_FOUND),
    /** Retention: the key is neither revoked nor past its expiry. */
    RETENTION_NOT_OVER(ErrorCode.CONFLICT);

    private final ErrorCode code;

    ApiKeyRejection(ErrorCode code) {
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
