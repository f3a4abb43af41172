package io.darktower.readmodel;

import java.util.Locale;

/** The seed's {@code meetings.status} values, as stored in PostgreSQL and Redis. */
public enum MeetingStatus {
    SCHEDULED, ACTIVE, ENDED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
