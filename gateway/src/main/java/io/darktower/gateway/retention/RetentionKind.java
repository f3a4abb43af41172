package io.darktower.gateway.retention;

/** What retention removes; the wire values tag {@code darktower.retention.deleted} and key the run's report. */
public enum RetentionKind {
    MEETINGS("meetings"),
    /** The participant rows that left with their meetings (the seed: "cascade delete with meeting"). */
    MEETING_PARTICIPANTS("meeting_participants"),
    RECORDINGS("recordings"),
    API_KEYS("api_keys"),
    CONTROLLERS("meeting_controllers"),
    MEDIA_HANDLERS("media_handlers"),
    AUDIT_PARTITIONS("audit_partitions"),
    /** Audit rows older than the horizon outside the dropped partitions (in {@code audit_logs_default}). */
    AUDIT_ROWS("audit_rows");

    private final String wire;

    RetentionKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
