package io.darktower.commands.user;

import io.darktower.commands.Rejected;
import io.darktower.errors.ErrorCode;

/** Why a user account refuses a command. */
public enum UserRejection implements Rejected.Reason {
    /** An idempotency key sent again with a different request. */
    IDEMPOTENCY_KEY_REUSED(ErrorCode.CONFLICT),
    EMAIL_TAKEN(ErrorCode.CONFLICT),
    /** The current password given to change it does not match. */
    WRONG_PASSWORD(ErrorCode.FORBIDDEN),
    USER_DEACTIVATED(ErrorCode.CONFLICT),
    /** The provider account is linked to another user. */
    OAUTH_ACCOUNT_TAKEN(ErrorCode.CONFLICT),
    /** Too many wrong passwords in a short time: sign-in is refused for a while (and the refusal audited). */
    ACCOUNT_LOCKED(ErrorCode.FORBIDDEN),
    /** A sign-in through a provider account that is not (or no longer) linked to the user. */
    OAUTH_ACCOUNT_NOT_LINKED(ErrorCode.CONFLICT),
    /** The account was erased: it takes no command any more. */
    USER_ERASED(ErrorCode.NOT_FOUND);

    private final ErrorCode code;

    UserRejection(ErrorCode code) {
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
