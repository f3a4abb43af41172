package io.darktower.media;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The 42-byte header in front of every media frame (DESIGN.md §7), big-endian:
 *
 * <pre>
 * offset size field
 *      0    1 version (1)
 *      1    1 frame type (1 audio, 2 video key, 3 video delta)
 *      2    8 user id (the publisher's media user id)
 *     10    4 stream id (the publisher's; rewritten per subscriber by the node)
 *     14    8 timestamp, microseconds
 *     22    8 sequence
 *     30    4 payload length
 *     34    2 flags (bit 0 end of frame, bit 1 discardable)
 *     36    6 reserved (zero)
 * </pre>
 *
 * The payload that follows is end-to-end encrypted by the clients: the node reads the header, never the payload. The
 * offsets are public so that a forwarding path can read and rewrite fields in place, without making a header object.
 */
public record MediaFrameHeader(FrameType type, long userId, int streamId, long timestampMicros, long sequence,
                               int payloadLength, int flags) {

    public static final int SIZE = 42;
    public static final int VERSION = 1;

    public static final int VERSION_OFFSET = 0;
    public static final int TYPE_OFFSET = 1;
    public static final int USER_ID_OFFSET = 2;
    public static final int STREAM_ID_OFFSET = 10;
    public static final int TIMESTAMP_OFFSET = 14;
    public static final int SEQUENCE_OFFSET = 22;
    public static final int PAYLOAD_LENGTH_OFFSET = 30;
    public static final int FLAGS_OFFSET = 34;
    public static final int RESERVED_OFFSET = 36;

    public static final int END_OF_FRAME = 0x1;
    public static final int DISCARDABLE = 0x2;

    public MediaFrameHeader {
        if (type == null) {
            throw new IllegalArgumentException("a frame type is required");
        }
        if (payloadLength < 0) {
            throw new IllegalArgumentException("negative payload length");
        }
    }

    public boolean endOfFrame() {
        return (flags & END_OF_FRAME) != 0;
    }

    public boolean discardable() {
        return (flags & DISCARDABLE) != 0;
    }

    /** Why a frame is not forwarded; {@link #OK} when it is well-formed. */
    public enum Check {
        OK,
        /** Fewer than 42 bytes, or fewer payload bytes than the header announces. */
        TRUNCATED,
        /** More bytes than header and payload. */
        TRAILING_BYTES,
        UNKNOWN_VERSION,
        UNKNOWN_TYPE
    }

    /**
     * Checks the frame of {@code length} bytes at {@code offset} (absolute; the buffer's position is not moved). Never
     * throws for any bytes.
     */
    public static Check check(ByteBuffer buffer, int offset, int length) {
        if (offset < 0 || length < SIZE || offset > buffer.limit() - length) {
            return Check.TRUNCATED;
        }
        return check(length, buffer.get(offset + VERSION_OFFSET) & 0xff, buffer.get(offset + TYPE_OFFSET) & 0xff,
                buffer.getInt(offset + PAYLOAD_LENGTH_OFFSET) & 0xffff_ffffL);
    }

    /**
     * The same check from the three fields it reads, for a forwarding path that reads them from its own buffer type
     * without making a {@link ByteBuffer} view per frame: a frame of {@code length} bytes (at least {@link #SIZE}) whose
     * version byte, type byte and payload-length field (unsigned) are these.
     */
    public static Check check(int length, int version, int type, long payloadLength) {
        if (length < SIZE) {
            return Check.TRUNCATED;
        }
        if (version != VERSION) {
            return Check.UNKNOWN_VERSION;
        }
        if (FrameType.fromWire(type) == null) {
            return Check.UNKNOWN_TYPE;
        }
        long actual = length - SIZE;
        return payloadLength > actual ? Check.TRUNCATED : payloadLength < actual ? Check.TRAILING_BYTES : Check.OK;
    }

    /** The header of the frame that fills {@code frame}'s remaining bytes, or empty when it is not well-formed. */
    public static Optional<MediaFrameHeader> read(ByteBuffer frame) {
        int at = frame.position();
        if (check(frame, at, frame.remaining()) != Check.OK) {
            return Optional.empty();
        }
        return Optional.of(new MediaFrameHeader(
                FrameType.fromWire(frame.get(at + TYPE_OFFSET) & 0xff),
                frame.getLong(at + USER_ID_OFFSET),
                frame.getInt(at + STREAM_ID_OFFSET),
                frame.getLong(at + TIMESTAMP_OFFSET),
                frame.getLong(at + SEQUENCE_OFFSET),
                frame.getInt(at + PAYLOAD_LENGTH_OFFSET),
                frame.getShort(at + FLAGS_OFFSET) & 0xffff));
    }

    /** Writes the 42 header bytes at the buffer's position and advances it. */
    public void write(ByteBuffer out) {
        out.put((byte) VERSION)
                .put((byte) type.wire())
                .putLong(userId)
                .putInt(streamId)
                .putLong(timestampMicros)
                .putLong(sequence)
                .putInt(payloadLength)
                .putShort((short) flags)
                .putShort((short) 0)
                .putInt(0);
    }

    /** Rewrites the stream id of the frame at {@code offset} in place: the only change a forwarded frame gets. */
    public static void rewriteStreamId(ByteBuffer frame, int offset, int streamId) {
        frame.putInt(offset + STREAM_ID_OFFSET, streamId);
    }
}
