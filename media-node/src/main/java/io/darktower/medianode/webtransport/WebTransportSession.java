package io.darktower.medianode.webtransport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http3.DefaultHttp3DataFrame;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.util.concurrent.Future;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One WebTransport session: the extended-CONNECT request stream that opened it, on one QUIC connection. It owns the
 * WebTransport streams opened in it (by either side) and its datagrams; when it ends, for whatever reason, its streams
 * are reset and its handler hears of it once. Not thread-safe: every method runs on the connection's event loop
 * ({@link #eventLoop()}).
 */
public final class WebTransportSession {

    /** First varint of a bidirectional WebTransport stream (draft-ietf-webtrans-http3, WT_STREAM signal). */
    public static final long BIDI_SIGNAL = 0x41;
    /** Stream type of a unidirectional WebTransport stream. */
    public static final long UNI_STREAM_TYPE = 0x54;
    /** CLOSE_WEBTRANSPORT_SESSION capsule: a 32-bit error code and a UTF-8 reason of at most 1024 bytes. */
    public static final long CLOSE_SESSION_CAPSULE = 0x2843;
    /** DRAIN_WEBTRANSPORT_SESSION capsule. */
    public static final long DRAIN_SESSION_CAPSULE = 0x78ae;
    /** WT_SESSION_GONE: the stream error of streams whose session has ended. */
    public static final int SESSION_GONE = 0x170d7b68;
    /** The longest reason a close capsule carries. */
    public static final int MAX_CLOSE_REASON = 1024;

    private final long id;
    private final QuicChannel connection;
    private final QuicStreamChannel connectStream;
    private final String path;
    private final long quarterStreamId;
    private final int prefixLength;
    private final Set<QuicStreamChannel> streams = new LinkedHashSet<>();
    private SessionHandler handler;
    private Runnable onEnd = () -> { };
    private volatile boolean closed;

    WebTransportSession(QuicStreamChannel connectStream, String path) {
        this.id = connectStream.streamId();
        this.connection = connectStream.parent();
        this.connectStream = connectStream;
        this.path = path;
        this.quarterStreamId = id / 4;
        this.prefixLength = Varint.size(quarterStreamId);
    }

    /** The stream id of the CONNECT stream: what datagrams and streams name the session by. */
    public long id() {
        return id;
    }

    public String path() {
        return path;
    }

    public QuicChannel connection() {
        return connection;
    }

    public SocketAddress remoteAddress() {
        return connection.remoteSocketAddress();
    }

    public EventLoop eventLoop() {
        return connection.eventLoop();
    }

    public boolean isOpen() {
        return !closed && connection.isActive();
    }

    void handler(SessionHandler handler) {
        this.handler = handler;
    }

    SessionHandler handler() {
        return handler;
    }

    /** Runs once when the session ends (the connection forgets it). */
    void onEnd(Runnable onEnd) {
        this.onEnd = onEnd;
    }

    /**
     * Queues {@code payload} (not consumed) as an HTTP/3 datagram of this session; {@link #flush()} sends what was
     * queued. The payload is copied behind the quarter-stream-id in one direct buffer: the only allocation per
     * datagram, pooled.
     *
     * @return false when the session is closed and nothing was queued
     */
    public boolean queueDatagram(ByteBuf payload) {
        if (closed) {
            return false;
        }
        ByteBuf out = connection.alloc().directBuffer(prefixLength + payload.readableBytes());
        Varint.write(out, quarterStreamId);
        out.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
        connection.write(out, connection.voidPromise());
        return true;
    }

    /**
     * {@link #queueDatagram}, with the 4 bytes at {@code offset} of the copy set to {@code value}: a forwarded media
     * frame with its stream id rewritten, in one copy. May be called from any thread.
     */
    public boolean queueDatagram(ByteBuf payload, int offset, int value) {
        if (closed) {
            return false;
        }
        ByteBuf out = connection.alloc().directBuffer(prefixLength + payload.readableBytes());
        Varint.write(out, quarterStreamId);
        out.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
        out.setInt(prefixLength + offset, value);
        connection.write(out, connection.voidPromise());
        return true;
    }

    /** Whether the connection takes more without queueing (congestion: discardable frames are dropped first). */
    public boolean writable() {
        return connection.isWritable();
    }

    public void flush() {
        connection.flush();
    }

    /** Opens a WebTransport stream of this session; its first bytes (signal or type, then the session id) are written. */
    public Future<QuicStreamChannel> openStream(boolean bidirectional, ChannelHandler streamHandler) {
        return connection.createStream(bidirectional ? QuicStreamType.BIDIRECTIONAL : QuicStreamType.UNIDIRECTIONAL,
                streamHandler).addListener(f -> {
                    if (f.isSuccess()) {
                        QuicStreamChannel stream = (QuicStreamChannel) f.getNow();
                        ByteBuf header = stream.alloc().buffer(16);
                        Varint.write(header, bidirectional ? BIDI_SIGNAL : UNI_STREAM_TYPE);
                        Varint.write(header, id);
                        stream.write(header);
                        adopt(stream);
                    }
                });
    }

    /** The stream belongs to this session from now on: reset when the session ends. */
    void adopt(QuicStreamChannel stream) {
        if (closed) {
            reset(stream);
            return;
        }
        streams.add(stream);
        stream.closeFuture().addListener(f -> streams.remove(stream));
    }

    /**
     * The stream no longer belongs to the session: it is not reset when the session ends (a stream whose last words
     * must arrive is finished by its owner instead; a reset would discard them).
     */
    public void disown(QuicStreamChannel stream) {
        streams.remove(stream);
    }

    /**
     * Ends the session from this side: a CLOSE_WEBTRANSPORT_SESSION capsule with {@code code} and {@code reason} on the
     * CONNECT stream, which is then finished; the session's streams are reset.
     */
    public void close(int code, String reason) {
        if (closed) {
            return;
        }
        byte[] text = truncate(reason);
        ByteBuf capsule = connectStream.alloc().buffer(16 + text.length);
        Varint.write(capsule, CLOSE_SESSION_CAPSULE);
        Varint.write(capsule, 4 + text.length);
        capsule.writeInt(code);
        capsule.writeBytes(text);
        connectStream.writeAndFlush(new DefaultHttp3DataFrame(capsule)).addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
        end(new SessionClose(SessionClose.Cause.LOCALLY_CLOSED, code & 0xffff_ffffL, reason));
    }

    /** The peer closed the session (capsule or FIN): our side of the CONNECT stream is finished too. */
    void closedByPeer(long code, String reason) {
        if (closed) {
            return;
        }
        if (connectStream.isActive()) {
            connectStream.shutdownOutput();
        }
        end(new SessionClose(SessionClose.Cause.PEER_CLOSED, code, reason));
    }

    /** The CONNECT stream or the connection went away without a close. */
    void lost(String why) {
        if (closed) {
            return;
        }
        end(new SessionClose(SessionClose.Cause.CONNECTION_LOST, 0, why));
    }

    private void end(SessionClose close) {
        closed = true;
        for (QuicStreamChannel stream : new ArrayList<>(streams)) {
            reset(stream);
        }
        streams.clear();
        onEnd.run();
        if (handler != null) {
            handler.closed(close);
        }
    }

    private static void reset(QuicStreamChannel stream) {
        if (stream.isActive()) {
            stream.shutdown(SESSION_GONE).addListener(f -> stream.close());
        }
    }

    private static byte[] truncate(String reason) {
        byte[] text = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
        if (text.length <= MAX_CLOSE_REASON) {
            return text;
        }
        // cut on a character boundary
        int end = MAX_CLOSE_REASON;
        while (end > 0 && (text[end] & 0xc0) == 0x80) {
            end--;
        }
        return java.util.Arrays.copyOf(text, end);
    }

    @Override
    public String toString() {
        return "WebTransportSession{id=" + id + ", path=" + path + ", peer=" + connection.remoteSocketAddress() + "}";
    }
}
