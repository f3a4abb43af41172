package io.darktower.events.recording;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The recording can be reached through a sharing link, and by anyone when {@code isPublic}. Events are kept forever,
 * so the link's access token is not here: only its SHA-256 ({@code accessTokenHash}, 64 lower-case hex digits),
 * which a link is verified against. A new share replaces the previous link.
 *
 * @param shareId the sharing request (derived from its idempotency key): the same id again is a retry
 */
public record RecordingShared(
        UUID recordingId,
        UUID shareId,
        boolean isPublic,
        String accessTokenHash,
        Instant sharedAt) implements RecordingEvent {

    public RecordingShared {
        Objects.requireNonNull(recordingId, "recordingId");
        Objects.requireNonNull(shareId, "shareId");
        Objects.requireNonNull(accessTokenHash, "accessTokenHash");
        Objects.requireNonNull(sharedAt, "sharedAt");
    }
}
