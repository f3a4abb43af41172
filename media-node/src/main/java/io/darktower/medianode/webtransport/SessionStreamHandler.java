package io.darktower.medianode.webtransport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http3.Http3DataFrame;
import io.netty.handler.codec.http3.Http3RequestStreamInboundHandler;
import io.netty.handler.codec.http3.Http3UnknownFrame;
import io.netty.handler.codec.quic.QuicCodecBuilder;
import java.util.concurrent.TimeUnit;

/**
 * Either end of the CONNECT stream of a session, once the session exists: capsules end it
 * (CLOSE_WEBTRANSPORT_SESSION), a FIN ends it as a close, and the stream's loss ends it as lost. Subclasses handle the
 * HEADERS frame (the server answers the CONNECT, the client reads the status).
 */
abstract class SessionStreamHandler extends Http3RequestStreamInboundHandler {

    private final CapsuleReader capsules = new CapsuleReader();
    /** Set once the session exists; read on the stream's event loop. */
    protected volatile WebTransportSession session;

    /** The QUIC transport parameters of both ends: flow-control windows, stream limits, DATAGRAM, UDP payload size. */
    static <B extends QuicCodecBuilder<B>> B transportParameters(B builder, long idleTimeoutMillis, int maxUdpPayload) {
        return builder.maxIdleTimeout(idleTimeoutMillis, TimeUnit.MILLISECONDS)
                .initialMaxData(16L << 20)
                .initialMaxStreamDataBidirectionalLocal(1 << 20)
                .initialMaxStreamDataBidirectionalRemote(1 << 20)
                .initialMaxStreamDataUnidirectional(1 << 20)
                .initialMaxStreamsBidirectional(100)
                .initialMaxStreamsUnidirectional(100)
                .datagram(2048, 2048)   // QUIC DATAGRAM frames (max_datagram_frame_size) and their queues
                // 1200-byte datagrams need more than the default; Chromium sends up to ~1199
                .maxRecvUdpPayloadSize(maxUdpPayload)
                .maxSendUdpPayloadSize(maxUdpPayload);
    }

    /** Capsules in DATA frames. */
    @Override
    protected void channelRead(ChannelHandlerContext ctx, Http3DataFrame frame) {
        try {
            if (session != null) {
                capsules.read(ctx.alloc(), frame.content(), session);
            }
        } finally {
            frame.release();
        }
    }

    @Override
    protected void channelRead(ChannelHandlerContext ctx, Http3UnknownFrame frame) {
        frame.release();
    }

    @Override
    protected void channelInputClosed(ChannelHandlerContext ctx) {
        if (session != null) {
            session.closedByPeer(0, "CONNECT stream finished");
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (session != null) {
            session.lost("CONNECT stream closed");
        }
        capsules.release();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (session != null) {
            session.lost("CONNECT stream failed: " + cause);
        }
        ctx.close();
    }
}
