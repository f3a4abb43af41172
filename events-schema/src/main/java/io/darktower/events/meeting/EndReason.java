package io.darktower.events.meeting;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** Why a meeting ended. */
public enum EndReason {
    /** Someone allowed to end it did so. */
    ENDED_BY_HOST("ended_by_host"),
    /** The last participant left (seed, "Example 2: Meeting Ends"). */
    LAST_PARTICIPANT_LEFT("last_participant_left");

    private final String wire;

    EndReason(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static EndReason fromWire(String value) {
        return Arrays.stream(values()).filter(r -> r.wire.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown end reason: " + value));
    }
}
