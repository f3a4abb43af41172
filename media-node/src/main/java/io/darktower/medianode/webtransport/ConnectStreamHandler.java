package io.darktower.medianode.webtransport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http3.DefaultHttp3HeadersFrame;
import io.netty.handler.codec.http3.Http3Headers;
import io.netty.handler.codec.http3.Http3HeadersFrame;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.ReferenceCountUtil;

/**
 * An HTTP/3 request stream. An extended CONNECT with {@code :protocol: webtransport} on the server's path opens a
 * session that lives as long as this stream; the capsules that follow (CLOSE_WEBTRANSPORT_SESSION) end it. Any other
 * request is answered with an error status and no body.
 */
final class ConnectStreamHandler extends SessionStreamHandler {

    private final String path;
    private final WebTransportConnection connection;
    private final WebTransportListener listener;

    ConnectStreamHandler(String path, WebTransportConnection connection, WebTransportListener listener) {
        this.path = path;
        this.connection = connection;
        this.listener = listener;
    }

    @Override
    protected void channelRead(ChannelHandlerContext ctx, Http3HeadersFrame frame) {
        try {
            if (session == null) {
                request(ctx, frame.headers());
            }
        } finally {
            ReferenceCountUtil.release(frame);
        }
    }

    private void request(ChannelHandlerContext ctx, Http3Headers headers) {
        boolean connect = headers.method() != null && "CONNECT".contentEquals(headers.method());
        boolean webTransport = headers.protocol() != null && "webtransport".contentEquals(headers.protocol());
        if (!connect || !webTransport) {
            answer(ctx, connect ? "400" : "404", true);
            return;
        }
        String requested = headers.path() == null ? "" : headers.path().toString();
        int query = requested.indexOf('?');
        if (!(query < 0 ? requested : requested.substring(0, query)).equals(path)) {
            answer(ctx, "404", true);
            return;
        }
        if (!connection.hasRoom()) {
            answer(ctx, "429", true);
            return;
        }
        WebTransportSession opened = new WebTransportSession((QuicStreamChannel) ctx.channel(), requested);
        connection.register(opened);
        SessionHandler handler;
        try {
            handler = listener.accept(opened, headers);
        } catch (RuntimeException e) {
            handler = null;
        }
        if (handler == null) {
            connection.unregister(opened);
            answer(ctx, "403", true);
            return;
        }
        opened.handler(handler);
        opened.onEnd(() -> connection.unregister(opened));
        session = opened;
        answer(ctx, "200", false);   // no FIN: the CONNECT stream lives as long as the session
    }

    private static void answer(ChannelHandlerContext ctx, String status, boolean finish) {
        Http3HeadersFrame response = new DefaultHttp3HeadersFrame();
        response.headers().status(status);
        if ("200".equals(status)) {
            response.headers().set("sec-webtransport-http3-draft", "draft02");
        }
        if (finish) {
            ctx.writeAndFlush(response).addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
        } else {
            ctx.writeAndFlush(response);
        }
    }
}
