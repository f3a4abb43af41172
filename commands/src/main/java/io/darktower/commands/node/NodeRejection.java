package io.darktower.commands.node;

import io.darktower.commands.Rejected;
import io.darktower.errors.ErrorCode;

/** Why a node registry refuses a command. */
public enum NodeRejection implements Rejected.Reason {
    /** The node never registered, or deregistered: only a registration brings it back. */
    NOT_REGISTERED(ErrorCode.NOT_FOUND);

    private final ErrorCode code;

    NodeRejection(ErrorCode code) {
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
