package io.darktower.queries.analytics;

import java.time.Instant;
import java.util.UUID;

/**
 * One participant session of a meeting, by ids only (no names: they are personal data the analytics do not keep).
 *
 * @param waitSeconds     from asking to join to being admitted or turned away; null without a waiting room
 * @param durationSeconds from joining to leaving; null if it never joined (turned away) or has not left
 */
public record ParticipantSession(
        UUID participantId,
        UUID userId,
        Instant waitingSince,
        Instant admittedAt,
        Instant rejectedAt,
        Integer waitSeconds,
        Instant joinedAt,
        Instant leftAt,
        String leaveReason,
        Integer durationSeconds) {
}
