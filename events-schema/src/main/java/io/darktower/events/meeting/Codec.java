package io.darktower.events.meeting;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** A stream's codec, as the seed names them (media handlers' {@code supported_codecs}). */
public enum Codec {
    VP8("VP8"),
    VP9("VP9"),
    AV1("AV1"),
    H264("H264"),
    OPUS("Opus");

    private final String wire;

    Codec(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static Codec fromWire(String value) {
        return Arrays.stream(values()).filter(v -> v.wire.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown codec: " + value));
    }
}
