package io.darktower.commands.recording;

import io.darktower.commands.validation.StorableInstant;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Open the recording through a new sharing link (replacing any earlier one), and to anyone when {@code isPublic}.
 * The caller made the link's token and keeps it; only its SHA-256 travels here ({@link ShareTokens}).
 *
 * @param shareId   the sharing request; the same id again is a retry and changes nothing
 * @param requester who asks: the recording's starter or an administrator may
 */
public record ShareRecording(
        @TargetAggregateIdentifier @NotNull UUID recordingId,
        @NotNull UUID shareId,
        @NotNull RecordingRequester requester,
        boolean isPublic,
        @NotNull @Pattern(regexp = "[0-9a-f]{64}", message = "must be a SHA-256 in lower-case hex") String accessTokenHash,
        @NotNull @StorableInstant Instant requestedAt) {
}
