package io.darktower.medianode.webtransport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.quic.QuicStreamChannel;

/** What the application does with one WebTransport session. Every method runs on the session's event loop. */
public interface SessionHandler {

    /** A datagram of the session, its quarter-stream-id prefix removed; released by the caller after return. */
    void datagram(ByteBuf payload);

    /**
     * The handler for a stream the peer opened in this session (its WebTransport header already read): it receives the
     * stream's bytes as {@link ByteBuf}s. {@code null} refuses the stream: it is reset.
     */
    ChannelHandler stream(WebTransportSession session, QuicStreamChannel stream, boolean bidirectional);

    /** The session ended; everything it owned is being released. Called once. */
    void closed(SessionClose close);

    /** The end of a read burst on the session's connection: the moment to flush what was queued. */
    default void readComplete() {
    }
}
