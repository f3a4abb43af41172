package io.darktower.commands;

import io.darktower.errors.ErrorCode;

/**
 * A command that a rule of the domain refuses: nothing was written. The one rejection type of the write side;
 * each aggregate names its reasons in an enum implementing {@link Reason}, and every edge maps a rejection to its
 * stable code in one place. Never retried: a rejection is an answer.
 */
public final class Rejected extends RuntimeException {

    /** Why a command was refused, with the stable code an edge reports for it. Implemented by per-aggregate enums. */
    public interface Reason {
        /** The reason's stable wire name, e.g. {@code MEETING_FULL}. */
        String name();

        ErrorCode code();
    }

    private final Reason reason;

    public Rejected(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
