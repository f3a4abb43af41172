package io.darktower.medianode.signaling;

/** The application codes of the CLOSE_WEBTRANSPORT_SESSION capsules the node sends (docs/media-node.md). */
public final class CloseCodes {

    /** The participant left (its LeaveRequest), or the session ended normally. */
    public static final int LEFT = 0;
    /** The participant was removed from the meeting (kicked, or the meeting ended). */
    public static final int REMOVED = 1;
    /** The node is draining: reconnect through the gateway. */
    public static final int RECONNECT = 2;
    /** The client broke the signaling protocol (malformed, oversized or out-of-order messages). */
    public static final int PROTOCOL_ERROR = 3;
    /** The session was not admitted (token refused, join refused or not confirmed). */
    public static final int REFUSED = 4;

    private CloseCodes() {
    }
}
