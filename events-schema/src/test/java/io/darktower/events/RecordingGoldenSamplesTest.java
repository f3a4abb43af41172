package io.darktower.events;

import io.darktower.events.recording.RecordingEvent;
import io.darktower.events.recording.RecordingFailed;
import io.darktower.events.recording.RecordingProcessingStarted;
import io.darktower.events.recording.RecordingPurged;
import io.darktower.events.recording.RecordingReady;
import io.darktower.events.recording.RecordingShareRevoked;
import io.darktower.events.recording.RecordingShared;
import io.darktower.events.recording.RecordingStarted;
import io.darktower.events.recording.RecordingStopped;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The recording events' frozen shapes: {@link GoldenSamplesTest}'s check, over these samples. */
class RecordingGoldenSamplesTest extends GoldenSamplesTest {

    private static final UUID RECORDING = UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    private static final UUID MEETING = UUID.fromString("550e8400-e29b-41d4-a716-446655440000");
    private static final UUID USER = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    private static final UUID SHARE = UUID.fromString("9f1c2d3e-0000-4000-8000-000000000001");
    private static final Instant AT = Instant.parse("2024-01-16T13:20:00Z");
    private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    /** Hides the meeting samples: {@code @MethodSource("samples")} finds this one first. */
    static List<Object> samples() {
        return List.of(
                new RecordingStarted(RECORDING, MEETING, USER, "meetings/" + MEETING + "/recordings/" + RECORDING,
                        "darktower-recordings", AT),
                new RecordingStopped(RECORDING, AT),
                new RecordingProcessingStarted(RECORDING, AT),
                new RecordingReady(RECORDING, 5_368_709_120L, 3600, "h264", "opus", "1920x1080",
                        "recordings/final.mp4", "darktower-recordings", AT),
                new RecordingFailed(RECORDING, "encoder crashed", AT),
                new RecordingShared(RECORDING, SHARE, true, HASH, AT),
                new RecordingShareRevoked(RECORDING, AT),
                new RecordingPurged(RECORDING, MEETING, AT, 365, AT));
    }

    @Test
    void everyRecordingEventHasASample() {
        assertThat(samples()).extracting(Object::getClass).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(RecordingEvent.class.getPermittedSubclasses()).toList());
    }
}
