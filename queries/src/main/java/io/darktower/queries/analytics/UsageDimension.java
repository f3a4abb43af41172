package io.darktower.queries.analytics;

import java.util.Arrays;
import java.util.Optional;

/** What daily usage is counted per; the wire value is the {@code by} parameter and the table's {@code dimension}. */
public enum UsageDimension {
    USER("user"),
    REGION("region");

    private final String wire;

    UsageDimension(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<UsageDimension> parse(String value) {
        return Arrays.stream(values()).filter(d -> d.wire.equals(value)).findFirst();
    }
}
