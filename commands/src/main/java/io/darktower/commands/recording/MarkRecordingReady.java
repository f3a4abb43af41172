package io.darktower.commands.recording;

import io.darktower.commands.validation.StorableInstant;
import io.darktower.commands.validation.Text;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The stopped recording's file is stored. Sizes and lengths are the seed's column limits ({@code file_size_bytes
 * BIGINT}, {@code duration_seconds INTEGER}, codecs {@code VARCHAR(50)}, {@code resolution VARCHAR(20)}); a null
 * storage path or bucket keeps the one named at the start. The same outcome again is a retry.
 */
public record MarkRecordingReady(
        @TargetAggregateIdentifier @NotNull UUID recordingId,
        @NotNull @Min(0) Long fileSizeBytes,
        @NotNull @Min(0) @Max(Integer.MAX_VALUE) Long durationSeconds,
        @Text(max = Recording.MAX_CODEC) String videoCodec,
        @Text(max = Recording.MAX_CODEC) String audioCodec,
        @Text(max = Recording.MAX_RESOLUTION)
        @Pattern(regexp = Recording.RESOLUTION, message = "must be width x height in pixels, e.g. 1920x1080")
        String resolution,
        @Text(max = Recording.MAX_STORAGE_PATH) String storagePath,
        @Text(max = Recording.MAX_BUCKET) String storageBucket,
        @NotNull @StorableInstant Instant requestedAt) {
}
