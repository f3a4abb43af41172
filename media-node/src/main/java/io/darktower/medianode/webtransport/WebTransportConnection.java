package io.darktower.medianode.webtransport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebTransport side of one QUIC connection, placed after Netty's HTTP/3 connection handler: it knows the
 * connection's sessions, hands each QUIC DATAGRAM to the session its quarter-stream-id names, puts a
 * {@link StreamSniffer} in front of every bidirectional stream the peer opens, and ends every session when the
 * connection goes.
 */
final class WebTransportConnection extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(WebTransportConnection.class);

    private final int maxSessions;
    private final Map<Long, WebTransportSession> sessions = new HashMap<>();
    private long strayDatagrams;

    WebTransportConnection(int maxSessions) {
        this.maxSessions = maxSessions;
    }

    boolean hasRoom() {
        return sessions.size() < maxSessions;
    }

    void register(WebTransportSession session) {
        sessions.put(session.id(), session);
    }

    void unregister(WebTransportSession session) {
        sessions.remove(session.id());
    }

    WebTransportSession session(long id) {
        return sessions.get(id);
    }

    /** Datagrams that named no session of this connection (e.g. sent after the session ended). */
    long strayDatagrams() {
        return strayDatagrams;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof QuicStreamChannel stream) {
            if (stream.type() == QuicStreamType.BIDIRECTIONAL && !stream.isLocalCreated()) {
                stream.pipeline().addFirst(StreamSniffer.NAME, StreamSniffer.bidirectional(this));
            }
            ctx.fireChannelRead(msg);
            return;
        }
        if (msg instanceof ByteBuf datagram) {
            try {
                long quarterId = Varint.read(datagram);
                WebTransportSession session = quarterId < 0 ? null : sessions.get(quarterId * 4);
                if (session == null || !session.isOpen() || session.handler() == null) {
                    strayDatagrams++;
                    return;
                }
                session.handler().datagram(datagram);
            } catch (RuntimeException e) {
                log.warn("datagram handler failed on {}", ctx.channel().remoteAddress(), e);
            } finally {
                datagram.release();
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        for (WebTransportSession session : sessions.values()) {
            SessionHandler handler = session.handler();
            if (handler != null) {
                try {
                    handler.readComplete();
                } catch (RuntimeException e) {
                    log.warn("read-complete handler failed for {}", session, e);
                }
            }
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        for (WebTransportSession session : new ArrayList<>(sessions.values())) {
            session.lost("connection closed");
        }
        sessions.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("QUIC connection {} failed", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }
}
