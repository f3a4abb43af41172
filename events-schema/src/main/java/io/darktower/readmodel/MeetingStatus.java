package io.darktower.readmodel;

/** The seed's {@code meetings.status} values, as stored in PostgreSQL and Redis. */
public enum MeetingStatus {
    SCHEDULED, ACTIVE, ENDED;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
