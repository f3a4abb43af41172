package io.darktower.events.meeting;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** What a stream carries; the wire value is the seed's {@code stream_type}. */
public enum StreamType {
    VIDEO_CAMERA("video_camera"),
    VIDEO_SCREEN("video_screen"),
    AUDIO_MICROPHONE("audio_microphone"),
    AUDIO_SCREEN("audio_screen");

    private final String wire;

    StreamType(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static StreamType fromWire(String value) {
        return Arrays.stream(values()).filter(v -> v.wire.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown streamtype: " + value));
    }
}
