package io.darktower.queries.analytics;

import java.time.Instant;
import java.util.UUID;

/**
 * An ended meeting in a report's list. {@code displayName} comes from the meetings read model while it still holds
 * the meeting (retention deletes it 90 days after the end); null after that.
 */
public record EndedMeeting(UUID meetingId, String displayName, Instant endedAt, int durationSeconds,
                           int peakParticipants, long participantSeconds) {
}
