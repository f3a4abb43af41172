package io.darktower.events.meeting;

/** Where a participant connected from, as far as the edge could tell; every field may be null. */
public record ConnectionInfo(String ipAddress, String userAgent, String clientVersion) {

    public static final ConnectionInfo UNKNOWN = new ConnectionInfo(null, null, null);
}
