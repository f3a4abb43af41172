package io.darktower.events.meeting;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** Why a participant left; the wire value is the seed's {@code leave_reason} value. */
public enum LeaveReason {
    VOLUNTARY("voluntary"),
    KICKED("kicked"),
    CONNECTION_LOST("connection_lost"),
    MEETING_ENDED("meeting_ended");

    private final String wire;

    LeaveReason(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static LeaveReason fromWire(String value) {
        return Arrays.stream(values()).filter(r -> r.wire.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown leave reason: " + value));
    }
}
