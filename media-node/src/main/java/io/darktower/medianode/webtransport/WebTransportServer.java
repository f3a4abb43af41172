package io.darktower.medianode.webtransport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.http3.DefaultHttp3SettingsFrame;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.http3.Http3ServerConnectionHandler;
import io.netty.handler.codec.http3.Http3Settings;
import io.netty.handler.codec.http3.Http3SettingsFrame;
import io.netty.handler.codec.quic.EpollQuicUtils;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicChannelOption;
import io.netty.handler.codec.quic.QuicCongestionControlAlgorithm;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.SegmentedDatagramPacketAllocator;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebTransport server on Netty's HTTP/3 codec: QUIC over UDP, extended CONNECT (RFC 9220) on one path, HTTP/3
 * datagrams (RFC 9297), WebTransport streams. With epoll (Linux), one UDP socket per event loop on the same port
 * ({@code SO_REUSEPORT}: the kernel spreads connections over them by address, so every core works); elsewhere one
 * NIO socket.
 */
public final class WebTransportServer implements AutoCloseable {

    /** SETTINGS_ENABLE_WEBTRANSPORT of draft-02: Chromium sends no CONNECT to a server that leaves it out. */
    public static final long SETTINGS_ENABLE_WEBTRANSPORT_DRAFT02 = 0x2b603742L;
    /** SETTINGS_WEBTRANSPORT_MAX_SESSIONS of the later drafts. */
    public static final long SETTINGS_WT_MAX_SESSIONS = 0xc671706aL;
    /** H3_DATAGRAM of draft-04, still read by older Chromium. */
    public static final long SETTINGS_H3_DATAGRAM_DRAFT04 = 0xffd277L;
    /** Netty's default validator drops non-standard settings: the WebTransport ones must be kept, ours and the peer's. */
    static final Http3Settings.NonStandardHttp3SettingsValidator KEEP_ALL = (id, value) -> true;

    private static final Logger log = LoggerFactory.getLogger(WebTransportServer.class);

    /**
     * @param sockets         UDP sockets (and event loops) on the port; more than one only with epoll
     * @param path            the path of the extended CONNECT that opens a session, e.g. {@code /wt}
     * @param maxUdpPayload   the largest UDP payload sent and received: 1200-byte datagrams need more than the default
     */
    public record Settings(String host, int port, int sockets, String path, Duration idleTimeout,
                           int maxSessionsPerConnection, int maxUdpPayload, boolean epoll) {

        public static Settings of(String host, int port, String path) {
            return new Settings(host, port, Math.max(1, Runtime.getRuntime().availableProcessors()), path,
                    Duration.ofSeconds(30), 4, 1452, true);
        }
    }

    /** The prefix of the names of the node's event-loop threads (where every frame is read and forwarded). */
    public static final String THREAD_PREFIX = "media-node-io";

    private final EventLoopGroup group;
    private final List<Channel> sockets;
    private final int port;
    private final boolean epoll;

    private WebTransportServer(EventLoopGroup group, List<Channel> sockets, boolean epoll) {
        this.group = group;
        this.sockets = sockets;
        this.epoll = epoll;
        this.port = ((InetSocketAddress) sockets.getFirst().localAddress()).getPort();
    }

    public static WebTransportServer start(Settings settings, NodeCertificate certificate, WebTransportListener listener) {
        boolean epoll = settings.epoll() && Epoll.isAvailable();
        int sockets = epoll ? settings.sockets() : 1;
        // named threads: thread dumps, and the forwarding benchmark's CPU time of the node's own event loops
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(sockets, new DefaultThreadFactory(THREAD_PREFIX),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        List<Channel> bound = new ArrayList<>();
        try {
            QuicSslContext ssl = QuicSslContextBuilder
                    .forServer(certificate.key(), null, certificate.chain().toArray(new java.security.cert.X509Certificate[0]))
                    .applicationProtocols(Http3.supportedApplicationProtocols())
                    .build();
            int port = settings.port();
            for (int i = 0; i < sockets; i++) {
                Bootstrap bootstrap = new Bootstrap().group(group)
                        .option(ChannelOption.SO_RCVBUF, 4 << 20)
                        .option(ChannelOption.SO_SNDBUF, 4 << 20)
                        .handler(codec(settings, ssl, listener, epoll));
                if (epoll) {
                    bootstrap.channel(EpollDatagramChannel.class)
                            .option(EpollChannelOption.SO_REUSEPORT, true)
                            .option(EpollChannelOption.UDP_GRO, true)
                            .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, settings.maxUdpPayload() + 48);
                } else {
                    bootstrap.channel(NioDatagramChannel.class);
                }
                Channel socket = bootstrap.bind(new InetSocketAddress(settings.host(), port)).sync().channel();
                port = ((InetSocketAddress) socket.localAddress()).getPort();   // the others join the first one's port
                bound.add(socket);
            }
            WebTransportServer server = new WebTransportServer(group, bound, epoll);
            log.info("WebTransport on udp {}:{}{} ({} {} socket(s))", settings.host(), server.port, settings.path(),
                    sockets, epoll ? "epoll" : "nio");
            return server;
        } catch (Exception e) {
            bound.forEach(Channel::close);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("could not start the WebTransport server on udp port " + settings.port(), e);
        }
    }

    private static ChannelHandler codec(Settings settings, QuicSslContext ssl, WebTransportListener listener, boolean epoll) {
        return SessionStreamHandler.transportParameters(Http3.newQuicServerCodecBuilder().sslContext(ssl),
                        settings.idleTimeout().toMillis(), settings.maxUdpPayload())
                .congestionControlAlgorithm(QuicCongestionControlAlgorithm.CUBIC)
                .tokenHandler(NoRetryTokens.INSTANCE)
                .option(QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR,
                        epoll ? EpollQuicUtils.newSegmentedAllocator(16) : SegmentedDatagramPacketAllocator.NONE)
                .handler(new ChannelInitializer<QuicChannel>() {
                    @Override
                    protected void initChannel(QuicChannel channel) {
                        WebTransportConnection connection = new WebTransportConnection(settings.maxSessionsPerConnection());
                        channel.pipeline().addLast(new Http3ServerConnectionHandler(
                                new ChannelInitializer<QuicStreamChannel>() {
                                    @Override
                                    protected void initChannel(QuicStreamChannel stream) {
                                        stream.pipeline().addLast(new ConnectStreamHandler(settings.path(), connection, listener));
                                    }
                                },
                                null,
                                type -> type == WebTransportSession.UNI_STREAM_TYPE
                                        ? StreamSniffer.unidirectional(connection) : StreamSniffer.DISCARD,
                                localSettings(settings.maxSessionsPerConnection()),
                                true,
                                KEEP_ALL));
                        channel.pipeline().addLast(connection);
                    }
                })
                .build();
    }

    /** What the server announces: extended CONNECT, HTTP/3 datagrams, WebTransport (every draft id Chromium reads). */
    static Http3SettingsFrame localSettings(int maxSessions) {
        Http3Settings settings = new Http3Settings(KEEP_ALL);
        settings.qpackMaxTableCapacity(0).qpackBlockedStreams(0);
        settings.enableConnectProtocol(true);
        settings.enableH3Datagram(true);
        settings.put(SETTINGS_H3_DATAGRAM_DRAFT04, 1L);
        settings.put(SETTINGS_ENABLE_WEBTRANSPORT_DRAFT02, 1L);
        settings.put(SETTINGS_WT_MAX_SESSIONS, (long) maxSessions);
        return new DefaultHttp3SettingsFrame(settings);
    }

    public int port() {
        return port;
    }

    public int sockets() {
        return sockets.size();
    }

    public boolean epoll() {
        return epoll;
    }

    @Override
    public void close() {
        for (Channel socket : sockets) {
            socket.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
