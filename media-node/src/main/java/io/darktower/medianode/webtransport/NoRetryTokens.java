package io.darktower.medianode.webtransport;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.quic.QuicTokenHandler;
import java.net.InetSocketAddress;

/**
 * No QUIC Retry: connections are accepted on their first Initial packet. A Retry would cost every client a round trip
 * to prove its address; a media node answers only authenticated WebTransport sessions, and its amplification is bounded
 * by QUIC's 3x anti-amplification limit anyway.
 */
final class NoRetryTokens implements QuicTokenHandler {

    static final NoRetryTokens INSTANCE = new NoRetryTokens();

    @Override
    public boolean writeToken(ByteBuf out, ByteBuf dcid, InetSocketAddress address) {
        return false;
    }

    @Override
    public int validateToken(ByteBuf token, InetSocketAddress address) {
        return 0;
    }

    @Override
    public int maxTokenLength() {
        return 0;
    }
}
