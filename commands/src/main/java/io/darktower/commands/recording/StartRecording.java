package io.darktower.commands.recording;

import io.darktower.commands.validation.StorableInstant;
import io.darktower.commands.validation.Text;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;

/**
 * Start recording a meeting, which must be active and allow recording, at the request of its creator or a present
 * participant (the meeting decides: {@link RecordingStarter}). The same recording id again is a retry.
 *
 * @param requestedByAdmin whether the caller acts as an administrator (who may record any meeting that allows it)
 * @param storagePath   where the file is to be written, e.g. {@code meetings/{meeting}/recordings/{recording}}
 * @param storageBucket the object-storage bucket it is written to
 */
public record StartRecording(
        @NotNull UUID recordingId,
        @NotNull UUID meetingId,
        UUID requestedByUserId,
        boolean requestedByAdmin,
        @Text(max = Recording.MAX_STORAGE_PATH, required = true) String storagePath,
        @Text(max = Recording.MAX_BUCKET, required = true) String storageBucket,
        @NotNull @StorableInstant Instant requestedAt) {
}
