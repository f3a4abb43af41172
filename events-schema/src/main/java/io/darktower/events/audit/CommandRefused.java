package io.darktower.events.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A command was refused for a reason that matters for security (its code is {@code FORBIDDEN}); nothing was written.
 * Who asked and from where travel in the envelope's metadata, as for every event.
 *
 * @param command    the command's name, e.g. {@code EndMeeting}
 * @param targetType the aggregate type the command was aimed at, e.g. {@code meeting}; null when not known
 * @param targetId   the aggregate the command was aimed at; null for a command that would have created one
 * @param reason     the rejection's stable name, e.g. {@code NOT_ALLOWED}
 * @param code       the rejection's error code, e.g. {@code FORBIDDEN}
 * @param message    what the write side said
 */
public record CommandRefused(
        UUID refusalId,
        String command,
        String targetType,
        String targetId,
        String reason,
        String code,
        String message,
        Instant refusedAt) implements RefusalEvent {

    public CommandRefused {
        Objects.requireNonNull(refusalId, "refusalId");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(refusedAt, "refusedAt");
    }
}
