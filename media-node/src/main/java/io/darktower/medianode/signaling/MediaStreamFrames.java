package io.darktower.medianode.signaling;

import io.darktower.media.MediaFrameHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Media frames on a unidirectional WebTransport stream: each a 4-byte big-endian length, then the frame (the 42-byte
 * header and its payload), as signaling messages are framed. A client opens one such stream per published stream and
 * group of pictures; the node forwards each on a stream of its own per subscriber, finished when the publisher's is.
 */
public final class MediaStreamFrames {

    /** The largest frame (header and payload) a stream carries: a key frame of a high-resolution video fits. */
    public static final int MAX_FRAME = 4 * 1024 * 1024;

    private MediaStreamFrames() {
    }

    /** Splits a stream into frames (without their length); a longer frame fails the stream. */
    public static LengthFieldBasedFrameDecoder decoder() {
        return new LengthFieldBasedFrameDecoder(MAX_FRAME + 4, 0, 4, 0, 4);
    }

    /** {@code frame} (not consumed) with its length in front and its stream id set to {@code mediaStreamId}. */
    public static ByteBuf encode(ByteBufAllocator alloc, ByteBuf frame, int mediaStreamId) {
        int length = frame.readableBytes();
        ByteBuf out = alloc.directBuffer(4 + length);
        out.writeInt(length);
        out.writeBytes(frame, frame.readerIndex(), length);
        out.setInt(4 + MediaFrameHeader.STREAM_ID_OFFSET, mediaStreamId);
        return out;
    }
}
