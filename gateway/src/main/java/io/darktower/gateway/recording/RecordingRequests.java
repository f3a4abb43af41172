package io.darktower.gateway.recording;

import com.fasterxml.jackson.annotation.JsonAlias;

/**
 * Request bodies of the recording API, mapped onto commands; the commands' declared constraints validate them.
 * Fields are camelCase like the rest of the API; the seed's column names are accepted too.
 */
final class RecordingRequests {

    private RecordingRequests() {
    }

    /** Checked by {@code MarkRecordingReady}: sizes non-negative and in the columns' range, resolution as 1920x1080. */
    record ReadyBody(
            @JsonAlias("file_size_bytes") Long fileSizeBytes,
            @JsonAlias("duration_seconds") Long durationSeconds,
            @JsonAlias("video_codec") String videoCodec,
            @JsonAlias("audio_codec") String audioCodec,
            String resolution,
            @JsonAlias("storage_path") String storagePath,
            @JsonAlias("storage_bucket") String storageBucket) {
    }

    /** Checked by {@code FailRecording}. */
    record FailedBody(@JsonAlias("error_message") String errorMessage) {
    }

    /** Without a body, or without the flag, the recording is shared by link only. */
    record ShareBody(@JsonAlias("is_public") Boolean isPublic) {
        boolean publicAccess() {
            return Boolean.TRUE.equals(isPublic);
        }
    }
}
