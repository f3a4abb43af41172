package io.darktower.medianode.webtransport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * Reads the WebTransport header of a stream the peer opened and hands the stream to its session.
 *
 * <p>Unidirectional streams: Netty has read the stream type (0x54) and asks for a handler
 * ({@code unknownInboundStreamHandlerFactory}); the session id follows. Bidirectional streams: Netty has no hook for
 * them, and puts its HTTP/3 request codec on every one. This handler goes first on each: a stream that starts with the
 * WebTransport signal (0x41) loses the HTTP/3 handlers; any other is an ordinary request and keeps them. Either way the
 * bytes after the header reach the session's handler.
 */
final class StreamSniffer extends ByteToMessageDecoder {

    static final String NAME = "wt-sniffer";
    /** Releases whatever a stream nobody wants sends. */
    static final ChannelHandler DISCARD = new Discard();

    private final WebTransportConnection connection;
    private final boolean bidirectional;

    private StreamSniffer(WebTransportConnection connection, boolean bidirectional) {
        this.connection = connection;
        this.bidirectional = bidirectional;
    }

    static StreamSniffer bidirectional(WebTransportConnection connection) {
        return new StreamSniffer(connection, true);
    }

    static StreamSniffer unidirectional(WebTransportConnection connection) {
        return new StreamSniffer(connection, false);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int index = in.readerIndex();
        if (bidirectional) {
            int signalLength = Varint.peekLength(in, index);
            if (signalLength < 0) {
                return;
            }
            if (Varint.get(in, index, signalLength) != WebTransportSession.BIDI_SIGNAL) {
                ctx.pipeline().remove(this);   // an HTTP/3 request: the bytes go on to Netty's codec
                return;
            }
            index += signalLength;
        }
        int idLength = Varint.peekLength(in, index);
        if (idLength < 0) {
            return;
        }
        long sessionId = Varint.get(in, index, idLength);
        in.readerIndex(index + idLength);
        QuicStreamChannel stream = (QuicStreamChannel) ctx.channel();
        ChannelPipeline pipeline = ctx.pipeline();
        if (bidirectional) {
            for (String name : pipeline.names()) {
                if (!name.equals(ctx.name()) && pipeline.context(name) != null) {
                    pipeline.remove(name);
                }
            }
        }
        WebTransportSession session = connection.session(sessionId);
        ChannelHandler handler = session == null || !session.isOpen() || session.handler() == null
                ? null : session.handler().stream(session, stream, bidirectional);
        if (handler == null) {
            pipeline.replace(this, NAME + "-discard", DISCARD);
            stream.shutdown(WebTransportSession.SESSION_GONE).addListener(f -> stream.close());
            return;
        }
        session.adopt(stream);
        pipeline.addAfter(ctx.name(), "wt-stream", handler);
        pipeline.remove(this);   // bytes after the header are handed on to the session's handler
    }

    @ChannelHandler.Sharable
    private static final class Discard extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
