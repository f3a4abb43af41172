package io.darktower.medianode.client;

import io.darktower.medianode.signaling.MediaStreamFrames;
import io.darktower.medianode.signaling.SignalingDecoder;
import io.darktower.medianode.signaling.SignalingEncoder;
import io.darktower.medianode.signaling.SignalingException;
import io.darktower.medianode.webtransport.SessionClose;
import io.darktower.medianode.webtransport.SessionHandler;
import io.darktower.medianode.webtransport.WebTransportClient;
import io.darktower.medianode.webtransport.WebTransportSession;
import io.darktower.signaling.ClientMessage;
import io.darktower.signaling.JoinRequest;
import io.darktower.signaling.LeaveRequest;
import io.darktower.signaling.PublishStream;
import io.darktower.signaling.ServerMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A media node client: a WebTransport session whose first bidirectional stream carries signaling. Messages the node
 * sends are kept in arrival order until a caller takes them ({@link #await}); datagrams likewise ({@link #datagram}).
 * Blocking and thread-safe: for tests, tools and the benchmark.
 */
public final class MediaClient implements AutoCloseable {

    /** The largest signaling message the client accepts. */
    public static final int MAX_MESSAGE = 1 << 20;

    private final WebTransportClient transport;
    private final QuicStreamChannel signaling;
    private final List<ServerMessage> received = new ArrayList<>();
    private final BlockingQueue<byte[]> datagrams = new LinkedBlockingQueue<>();
    /** Frames received on the node's media streams, in arrival order (each stream's in its order). */
    private final BlockingQueue<byte[]> streamFrames = new LinkedBlockingQueue<>();
    private final CompletableFuture<SessionClose> closed;
    private final AtomicInteger requests = new AtomicInteger();
    /** When set, datagrams go here (on the client's event loop, not retained) instead of {@link #datagram}'s queue. */
    private volatile Consumer<ByteBuf> datagramSink;

    private MediaClient(WebTransportClient transport, QuicStreamChannel signaling, CompletableFuture<SessionClose> closed) {
        this.transport = transport;
        this.signaling = signaling;
        this.closed = closed;
    }

    /** Connects to a node's WebTransport endpoint, trusting the certificate of that SHA-256, and opens signaling. */
    public static MediaClient connect(InetSocketAddress node, String path, byte[] certificateSha256, Duration timeout)
            throws Exception {
        CompletableFuture<SessionClose> closed = new CompletableFuture<>();
        MediaClient[] self = new MediaClient[1];
        BlockingQueue<byte[]> early = new LinkedBlockingQueue<>();
        BlockingQueue<byte[]> earlyStreamFrames = new LinkedBlockingQueue<>();
        WebTransportClient transport = WebTransportClient.connect(node, path, certificateSha256, timeout,
                session -> new SessionHandler() {
                    @Override
                    public void datagram(ByteBuf payload) {
                        Consumer<ByteBuf> sink = self[0] == null ? null : self[0].datagramSink;
                        if (sink != null) {
                            sink.accept(payload);
                            return;
                        }
                        byte[] bytes = new byte[payload.readableBytes()];
                        payload.readBytes(bytes);
                        (self[0] == null ? early : self[0].datagrams).add(bytes);
                    }

                    @Override
                    public ChannelHandler stream(WebTransportSession s, QuicStreamChannel stream, boolean bidirectional) {
                        if (bidirectional) {
                            return null;
                        }
                        return new ChannelInitializer<QuicStreamChannel>() {
                            @Override
                            protected void initChannel(QuicStreamChannel channel) {
                                channel.pipeline().addLast(MediaStreamFrames.decoder(), new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                        ByteBuf frame = (ByteBuf) msg;
                                        byte[] bytes = new byte[frame.readableBytes()];
                                        frame.readBytes(bytes);
                                        frame.release();
                                        (self[0] == null ? earlyStreamFrames : self[0].streamFrames).add(bytes);
                                    }
                                });
                            }
                        };
                    }

                    @Override
                    public void closed(SessionClose close) {
                        closed.complete(close);
                    }
                });
        CompletableFuture<QuicStreamChannel> opened = new CompletableFuture<>();
        MediaClient[] holder = self;
        transport.execute(() -> transport.session().openStream(true, new ChannelInitializer<QuicStreamChannel>() {
            @Override
            protected void initChannel(QuicStreamChannel channel) {
                channel.pipeline().addLast(new SignalingDecoder(ServerMessage.parser(), MAX_MESSAGE), new Inbound(holder));
            }
        }).addListener(f -> {
            if (f.isSuccess()) {
                opened.complete((QuicStreamChannel) f.getNow());
            } else {
                opened.completeExceptionally(f.cause());
            }
        }));
        QuicStreamChannel signaling = opened.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        MediaClient client = new MediaClient(transport, signaling, closed);
        synchronized (client.received) {
            self[0] = client;
        }
        early.drainTo(client.datagrams);
        earlyStreamFrames.drainTo(client.streamFrames);
        return client;
    }

    /** What the signaling stream delivers. */
    private static final class Inbound extends ChannelInboundHandlerAdapter {
        private final MediaClient[] client;
        private final List<ServerMessage> early = new ArrayList<>();

        Inbound(MediaClient[] client) {
            this.client = client;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ServerMessage message) {
                MediaClient c = client[0];
                if (c == null) {
                    early.add(message);
                    return;
                }
                synchronized (c.received) {
                    c.received.addAll(early);
                    early.clear();
                    c.received.add(message);
                    c.received.notifyAll();
                }
            } else if (!(msg instanceof SignalingException)) {
                ReferenceCountUtil.release(msg);
            }
        }
    }

    /** Sends a request; its request id (set here) is returned. */
    public int send(ClientMessage.Builder message) {
        int id = requests.incrementAndGet();
        ByteBuf out = SignalingEncoder.encode(signaling.alloc(), message.setRequestId(id).build());
        signaling.writeAndFlush(out).syncUninterruptibly();
        return id;
    }

    /** Sends raw bytes on the signaling stream (for tests of what the node does with garbage). */
    public void sendRaw(byte[] bytes) {
        signaling.writeAndFlush(Unpooled.wrappedBuffer(bytes)).syncUninterruptibly();
    }

    /** The first message received (and not yet taken) that matches, waiting for it up to {@code timeout}. */
    public ServerMessage await(Predicate<ServerMessage> match, Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (true) {
                for (Iterator<ServerMessage> it = received.iterator(); it.hasNext(); ) {
                    ServerMessage message = it.next();
                    if (match.test(message)) {
                        it.remove();
                        return message;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("no matching message within " + timeout + "; received " + received);
                }
                received.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /** The answer to request {@code requestId}. */
    public ServerMessage answer(int requestId, Duration timeout) throws TimeoutException, InterruptedException {
        return await(m -> m.getRequestId() == requestId, timeout);
    }

    /**
     * Joins with the one-time connection token and the join token the gateway's join answered ({@code wtToken},
     * {@code joinToken}); the answer is a JoinResponse or an ErrorMessage.
     */
    public ServerMessage join(String token, String joinToken, String displayName, Duration timeout)
            throws TimeoutException, InterruptedException {
        int id = send(ClientMessage.newBuilder().setJoin(JoinRequest.newBuilder().setToken(token).setJoinToken(joinToken)
                .setDisplayName(displayName).setClientVersion("java-client")));
        return answer(id, timeout);
    }

    public ServerMessage publish(String streamType, String codec, long maxBitrate, int mediaStreamId, Duration timeout)
            throws TimeoutException, InterruptedException {
        int id = send(ClientMessage.newBuilder().setPublish(PublishStream.newBuilder().setStreamType(streamType)
                .setCodec(codec).setMaxBitrate(maxBitrate).setMediaStreamId(mediaStreamId)));
        return answer(id, timeout);
    }

    /** Leaves the meeting; the node closes the session. */
    public void leave() {
        send(ClientMessage.newBuilder().setLeave(LeaveRequest.getDefaultInstance()));
    }

    /** Sends one datagram of the session. */
    public void sendDatagram(ByteBuf payload) {
        transport.execute(() -> {
            try {
                transport.session().queueDatagram(payload);
                transport.session().flush();
            } finally {
                payload.release();
            }
        });
    }

    /** Opens a unidirectional media stream (one per published stream and group of pictures). */
    public QuicStreamChannel openMediaStream(Duration timeout) throws Exception {
        CompletableFuture<QuicStreamChannel> opened = new CompletableFuture<>();
        transport.execute(() -> transport.session().openStream(false, new ChannelInboundHandlerAdapter()).addListener(f -> {
            if (f.isSuccess()) {
                opened.complete((QuicStreamChannel) f.getNow());
            } else {
                opened.completeExceptionally(f.cause());
            }
        }));
        return opened.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends one frame (header and payload; consumed) on a media stream, length-prefixed. */
    public void sendOnStream(QuicStreamChannel stream, ByteBuf frame) {
        ByteBuf out = MediaStreamFrames.encode(stream.alloc(), frame, frame.getInt(frame.readerIndex()
                + io.darktower.media.MediaFrameHeader.STREAM_ID_OFFSET));
        frame.release();
        stream.writeAndFlush(out).syncUninterruptibly();
    }

    /** Finishes a media stream: the group of pictures is complete. */
    public void finishMediaStream(QuicStreamChannel stream) {
        stream.shutdownOutput().syncUninterruptibly();
    }

    /** The next frame received on a media stream, or null after {@code timeout}. */
    public byte[] streamFrame(Duration timeout) throws InterruptedException {
        return streamFrames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next datagram received, or null after {@code timeout}. */
    public byte[] datagram(Duration timeout) throws InterruptedException {
        return datagrams.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Hands every datagram received from now on to {@code sink} on the client's event loop, without copying it and
     * without keeping it (the benchmark counts frames so, at rates the queue of {@link #datagram} would not keep up with).
     */
    public void onDatagram(Consumer<ByteBuf> sink) {
        this.datagramSink = sink;
    }

    /** Completes when the session ends, with how. */
    public CompletableFuture<SessionClose> closed() {
        return closed;
    }

    /** Closes the session cleanly. */
    @Override
    public void close() {
        transport.close();
    }

    /** Drops the connection without a word, as a crash would. */
    public void abort() {
        transport.abort();
    }
}
