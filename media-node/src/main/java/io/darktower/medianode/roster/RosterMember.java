package io.darktower.medianode.roster;

import io.darktower.events.meeting.LeaveReason;
import io.darktower.signaling.JoinResponse;
import io.darktower.signaling.ServerMessage;
import java.util.UUID;

/**
 * A participant's session as its meeting's roster sees it. The roster calls these under its lock, from the thread
 * that applies the meeting's events: implementations hand the work to their own thread and return at once.
 */
public interface RosterMember {

    UUID participantId();

    /** The participant's own join is in the meeting's events: {@code response} lists who was there before. */
    void admitted(JoinResponse.Builder response);

    /** Something happened in the meeting that the participant is told of. */
    void tell(ServerMessage message);

    /**
     * The frame stream id this member's layout gives {@code streamId}, or -1 when its layout shows that stream not.
     * Read by the roster when it rebuilds routes: implementations answer from a published (volatile) snapshot.
     */
    int mediaStreamIdFor(UUID streamId);

    /** Forwards one frame (header and payload, not consumed) rewritten to {@code mediaStreamId}; called on any event loop. */
    void forward(io.netty.buffer.ByteBuf frame, int mediaStreamId);

    /** A stream it receives here: its figures ({@code StreamQualityUpdate}); called on any thread. */
    default void quality(ServerMessage message) {
    }

    /**
     * Forwards one frame that arrived on a publisher's media stream ({@code source}: one per incoming WebTransport
     * stream, i.e. per group of pictures) on this member's own outgoing stream for that source, rewritten to
     * {@code mediaStreamId}; the frame is not consumed. Called on the publisher's event loop.
     */
    default void forwardOnStream(Object source, io.netty.buffer.ByteBuf frame, int mediaStreamId) {
    }

    /** The publisher finished {@code source}: this member's outgoing stream for it is finished too. */
    default void endForwardedStream(Object source) {
    }

    /** Sends what {@link #forward} queued. */
    void flushForwarded();

    /** The participant left the meeting (kicked, meeting ended, ...): its session ends. */
    void removed(LeaveReason reason);
}
