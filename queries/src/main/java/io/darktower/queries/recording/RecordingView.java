package io.darktower.queries.recording;

import java.time.Instant;
import java.util.UUID;

/**
 * A recording as the read model has it: its row in {@code recordings}. The sharing link's token is never here (the
 * read model holds only its hash, and not even that is answered): {@code shared} says whether a link is open.
 *
 * @param stopped whether recording has stopped ({@code ended_at} is set): the seed's status stays
 *                {@code recording} until processing begins
 */
public record RecordingView(
        UUID recordingId,
        UUID meetingId,
        UUID startedByUserId,
        String status,
        boolean stopped,
        Instant startedAt,
        Instant endedAt,
        Integer durationSeconds,
        Long fileSizeBytes,
        String storagePath,
        String storageBucket,
        String videoCodec,
        String audioCodec,
        String resolution,
        String errorMessage,
        boolean isPublic,
        boolean shared,
        Instant createdAt,
        Instant updatedAt) {
}
