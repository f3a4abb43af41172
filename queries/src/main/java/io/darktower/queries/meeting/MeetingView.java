package io.darktower.queries.meeting;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A meeting as the read model has it: its row in {@code meetings} and its present participants. */
public record MeetingView(
        UUID meetingId,
        String meetingCode,
        String displayName,
        String status,
        int maxParticipants,
        Settings settings,
        UUID createdByUserId,
        String assignedControllerId,
        String assignedRegion,
        Instant scheduledStartTime,
        Instant actualStartTime,
        Instant endedAt,
        Instant createdAt,
        int participantCount,
        List<Participant> participants) {

    public MeetingView withParticipants(List<Participant> present) {
        return new MeetingView(meetingId, meetingCode, displayName, status, maxParticipants, settings, createdByUserId,
                assignedControllerId, assignedRegion, scheduledStartTime, actualStartTime, endedAt, createdAt, present.size(), List.copyOf(present));
    }

    public record Settings(boolean e2eEncryption, boolean requireAuth, boolean allowRecording, boolean waitingRoom) {
    }

    public record Participant(UUID participantId, UUID userId, String displayName, Instant joinedAt) {
    }
}
