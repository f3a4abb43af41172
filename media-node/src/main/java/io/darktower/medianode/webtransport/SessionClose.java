package io.darktower.medianode.webtransport;

/**
 * How a WebTransport session ended.
 *
 * @param code   the application error code of a CLOSE_WEBTRANSPORT_SESSION capsule (0 when none was sent)
 * @param reason its reason text, or a description of what ended the session
 */
public record SessionClose(Cause cause, long code, String reason) {

    public enum Cause {
        /** The peer sent CLOSE_WEBTRANSPORT_SESSION or finished the CONNECT stream. */
        PEER_CLOSED,
        /** This node closed it. */
        LOCALLY_CLOSED,
        /** The QUIC connection or the CONNECT stream went away without a close (idle timeout, reset, crash). */
        CONNECTION_LOST
    }
}
