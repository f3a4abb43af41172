package io.darktower.medianode.webtransport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.http3.DefaultHttp3HeadersFrame;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.http3.Http3ClientConnectionHandler;
import io.netty.handler.codec.http3.Http3HeadersFrame;
import io.netty.handler.codec.http3.Http3Settings;
import io.netty.handler.codec.http3.Http3SettingsFrame;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.net.Socket;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A WebTransport client on the same stack: one QUIC connection, one session. The server is trusted by the SHA-256 of
 * its certificate, as a browser's {@code serverCertificateHashes} does. For tests, tools and the benchmark.
 */
public final class WebTransportClient implements AutoCloseable {

    private final EventLoopGroup group;
    private final Channel socket;
    private final QuicChannel connection;
    private final WebTransportSession session;

    private WebTransportClient(EventLoopGroup group, Channel socket, QuicChannel connection, WebTransportSession session) {
        this.group = group;
        this.socket = socket;
        this.connection = connection;
        this.session = session;
    }

    /**
     * Connects and opens a session on {@code path}.
     *
     * @param handlerFor the session's handler, made once the session exists
     */
    public static WebTransportClient connect(InetSocketAddress server, String path, byte[] certificateSha256,
                                             Duration timeout, Function<WebTransportSession, SessionHandler> handlerFor)
            throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            QuicSslContext ssl = QuicSslContextBuilder.forClient()
                    .trustManager(new PinnedCertificate(certificateSha256))
                    .applicationProtocols(Http3.supportedApplicationProtocols())
                    .build();
            ChannelHandler codec = SessionStreamHandler.transportParameters(
                    Http3.newQuicClientCodecBuilder().sslContext(ssl), 30_000, 1452).build();
            Channel socket = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                    .option(ChannelOption.SO_RCVBUF, 4 << 20).option(ChannelOption.SO_SNDBUF, 4 << 20)
                    .handler(codec).bind(new InetSocketAddress(server.getAddress(), 0)).sync().channel();
            CompletableFuture<Http3SettingsFrame> peerSettings = new CompletableFuture<>();
            WebTransportConnection wt = new WebTransportConnection(1);
            QuicChannel connection = QuicChannel.newBootstrap(socket)
                    .handler(new ChannelInitializer<QuicChannel>() {
                        @Override
                        protected void initChannel(QuicChannel channel) {
                            channel.pipeline().addLast(new Http3ClientConnectionHandler(new SettingsWatch(peerSettings), null,
                                    type -> type == WebTransportSession.UNI_STREAM_TYPE
                                            ? StreamSniffer.unidirectional(wt) : StreamSniffer.DISCARD,
                                    WebTransportServer.localSettings(1), true, WebTransportServer.KEEP_ALL));
                            channel.pipeline().addLast(wt);
                        }
                    })
                    .remoteAddress(server)
                    .connect().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            // RFC 9220: no extended CONNECT before the server's SETTINGS allowed it
            Http3Settings settings = peerSettings.get(timeout.toMillis(), TimeUnit.MILLISECONDS).settings();
            if (!Boolean.TRUE.equals(settings.connectProtocolEnabled()) || !Boolean.TRUE.equals(settings.h3DatagramEnabled())
                    || (settings.get(WebTransportServer.SETTINGS_ENABLE_WEBTRANSPORT_DRAFT02) == null
                    && settings.get(WebTransportServer.SETTINGS_WT_MAX_SESSIONS) == null)) {
                throw new IllegalStateException("the server offers no WebTransport: " + settings);
            }
            CompletableFuture<String> status = new CompletableFuture<>();
            ClientConnectStream connect = new ClientConnectStream(status);
            QuicStreamChannel stream = Http3.newRequestStream(connection, connect).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            WebTransportSession session = new WebTransportSession(stream, path);
            connect.session = session;
            Http3HeadersFrame request = new DefaultHttp3HeadersFrame();
            request.headers().method("CONNECT").protocol("webtransport").scheme("https")
                    .authority(server.getHostString() + ":" + server.getPort()).path(path)
                    .set("origin", "https://" + server.getHostString())
                    .set("user-agent", "darktower-media-client");
            stream.writeAndFlush(request).sync();
            String answered = status.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!"200".equals(answered)) {
                throw new IllegalStateException("the server refused the session: " + answered);
            }
            connection.eventLoop().submit(() -> {
                session.handler(handlerFor.apply(session));
                session.onEnd(() -> wt.unregister(session));
                wt.register(session);
            }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new WebTransportClient(group, socket, connection, session);
        } catch (ExecutionException | TimeoutException | RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    public WebTransportSession session() {
        return session;
    }

    /** Runs {@code task} on the session's event loop, as every use of the session must. */
    public void execute(Runnable task) {
        connection.eventLoop().execute(task);
    }

    /** Closes the session cleanly (CLOSE_WEBTRANSPORT_SESSION), then the connection. */
    @Override
    public void close() {
        try {
            connection.eventLoop().submit(() -> session.close(0, "bye")).awaitUninterruptibly(2, TimeUnit.SECONDS);
            connection.eventLoop().schedule(() -> connection.close(), 100, TimeUnit.MILLISECONDS)
                    .awaitUninterruptibly(2, TimeUnit.SECONDS);
        } finally {
            shutdown();
        }
    }

    /** Drops the connection without closing the session, as a crash or a lost network would. */
    public void abort() {
        try {
            connection.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        } finally {
            shutdown();
        }
    }

    private void shutdown() {
        socket.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    /** The client's side of the CONNECT stream: the status, then capsules. */
    private static final class ClientConnectStream extends SessionStreamHandler {
        private final CompletableFuture<String> status;

        ClientConnectStream(CompletableFuture<String> status) {
            this.status = status;
        }

        @Override
        protected void channelRead(ChannelHandlerContext ctx, Http3HeadersFrame frame) {
            status.complete(String.valueOf(frame.headers().status()));
            ReferenceCountUtil.release(frame);
        }

        @Override
        protected void channelInputClosed(ChannelHandlerContext ctx) {
            status.complete("closed");
            super.channelInputClosed(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            status.complete("closed");
            super.channelInactive(ctx);
        }
    }

    /** Sees the server's SETTINGS on its control stream. */
    private static final class SettingsWatch extends ChannelInboundHandlerAdapter {
        private final CompletableFuture<Http3SettingsFrame> settings;

        SettingsWatch(CompletableFuture<Http3SettingsFrame> settings) {
            this.settings = settings;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Http3SettingsFrame frame) {
                settings.complete(frame);
            }
            ReferenceCountUtil.release(msg);
        }

        @Override
        public boolean isSharable() {
            return true;
        }
    }

    /**
     * Trusts exactly the certificate whose SHA-256 is pinned, like {@code serverCertificateHashes}: no chain, no host
     * name — the hash is the identity. Extended, because Netty's QUIC TLS asks for endpoint identification.
     */
    private static final class PinnedCertificate extends X509ExtendedTrustManager {
        private final byte[] sha256;

        PinnedCertificate(byte[] sha256) {
            this.sha256 = sha256.clone();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                byte[] actual = MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded());
                if (!MessageDigest.isEqual(actual, sha256)) {
                    throw new CertificateException("the server's certificate is not the pinned one");
                }
                chain[0].checkValidity();
            } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
                throw new CertificateException(e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("no client certificates");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
