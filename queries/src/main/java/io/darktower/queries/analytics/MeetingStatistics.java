package io.darktower.queries.analytics;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The statistics of an ended meeting, from {@code analytics_meetings}, its sessions and its recordings. Durations are
 * whole seconds between the events' own times.
 *
 * @param durationSeconds          from its start (its first join) to its end
 * @param peakParticipants         the most sessions present at once
 * @param totalParticipants        sessions that joined (a participant who left and came back counts twice)
 * @param uniqueUsers              distinct signed-in users among them
 * @param guests                   sessions without a user
 * @param participantSeconds       the sum of the sessions' durations
 * @param averageWaitSeconds       join latency: the mean time from asking to join to being admitted, over those who
 *                                 waited in the waiting room and were admitted; null when nobody was
 * @param maxWaitSeconds           the longest of those waits; null when nobody was admitted from the waiting room
 * @param recordingSeconds         the time its recordings ran (started to stopped), summed
 */
public record MeetingStatistics(
        UUID meetingId,
        UUID createdByUserId,
        String region,
        String controllerId,
        String mediaHandlerId,
        Instant createdAt,
        Instant startedAt,
        Instant endedAt,
        String endReason,
        int durationSeconds,
        int peakParticipants,
        int totalParticipants,
        int uniqueUsers,
        int guests,
        long participantSeconds,
        int admittedFromWaitingRoom,
        int rejectedFromWaitingRoom,
        Double averageWaitSeconds,
        Integer maxWaitSeconds,
        int recordings,
        long recordingSeconds,
        double recordingMinutes,
        List<ParticipantSession> participants) {

    /** The same statistics with the meeting's sessions. */
    public MeetingStatistics withParticipants(List<ParticipantSession> sessions) {
        return new MeetingStatistics(meetingId, createdByUserId, region, controllerId, mediaHandlerId, createdAt,
                startedAt, endedAt, endReason, durationSeconds, peakParticipants, totalParticipants, uniqueUsers, guests,
                participantSeconds, admittedFromWaitingRoom, rejectedFromWaitingRoom, averageWaitSeconds,
                maxWaitSeconds, recordings, recordingSeconds, recordingMinutes, List.copyOf(sessions));
    }
}
