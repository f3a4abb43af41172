package io.darktower.readmodel;

import java.util.Locale;

/** The seed's {@code recordings.status} values, as stored in PostgreSQL and answered by the API. */
public enum RecordingStatus {
    RECORDING, PROCESSING, READY, FAILED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
