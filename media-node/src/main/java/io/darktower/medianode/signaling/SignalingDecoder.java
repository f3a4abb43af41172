package io.darktower.medianode.signaling;

import com.google.protobuf.InvalidProtocolBufferException;
import io.darktower.signaling.ClientMessage;
import io.darktower.signaling.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import java.util.List;

/**
 * Splits a signaling stream into messages ({@link ClientMessage}s on the node, server messages on a client): each is a 4-byte big-endian length, then that many bytes of
 * protobuf. A length of zero or above the limit, or bytes that are no such message, end the decoding: a
 * {@link SignalingException} goes down the pipeline and every byte after it is discarded — the stream cannot be
 * resynchronised, so the session is closed.
 */
public final class SignalingDecoder extends ByteToMessageDecoder {

    /** Length prefix size. */
    public static final int PREFIX = 4;

    private final Parser<? extends MessageLite> parser;
    private final int maxMessageSize;
    private boolean failed;

    public SignalingDecoder(Parser<? extends MessageLite> parser, int maxMessageSize) {
        this.parser = parser;
        this.maxMessageSize = maxMessageSize;
    }

    /** The node's side: client messages. */
    public static SignalingDecoder forNode(int maxMessageSize) {
        return new SignalingDecoder(ClientMessage.parser(), maxMessageSize);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < PREFIX) {
            return;
        }
        long length = in.getUnsignedInt(in.readerIndex());
        if (length == 0 || length > maxMessageSize) {
            fail(in, out, length == 0 ? "an empty signaling message"
                    : "a signaling message of " + length + " bytes (at most " + maxMessageSize + ")");
            return;
        }
        if (in.readableBytes() < PREFIX + length) {
            return;
        }
        in.skipBytes(PREFIX);
        ByteBuf body = in.readSlice((int) length);
        try {
            out.add(parser.parseFrom(new ByteBufInputStream(body)));
        } catch (InvalidProtocolBufferException e) {
            fail(in, out, "a malformed signaling message");
        }
    }

    private void fail(ByteBuf in, List<Object> out, String what) {
        failed = true;
        in.skipBytes(in.readableBytes());
        out.add(new SignalingException(ErrorCode.INVALID_REQUEST, what));
    }
}
