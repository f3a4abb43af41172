package io.darktower.medianode.webtransport;

import io.netty.buffer.ByteBuf;

/**
 * QUIC variable-length integers (RFC 9000 §16): WebTransport stream headers, the quarter-stream-id in front of
 * every HTTP/3 datagram and capsule types and lengths are written in them.
 */
public final class Varint {

    /** The largest value a varint holds (2^62 - 1). */
    public static final long MAX = (1L << 62) - 1;

    private Varint() {
    }

    /** How many bytes the varint starting with this byte takes. */
    public static int length(byte first) {
        return 1 << ((first & 0xff) >> 6);
    }

    /** How many bytes {@code value} takes as a varint. */
    public static int size(long value) {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException("not a varint value: " + value);
        }
        return value < 0x40 ? 1 : value < 0x4000 ? 2 : value < 0x4000_0000L ? 4 : 8;
    }

    /** The length of the varint at {@code index}, or -1 when its bytes have not all arrived. */
    public static int peekLength(ByteBuf buf, int index) {
        if (buf.writerIndex() <= index) {
            return -1;
        }
        int length = length(buf.getByte(index));
        return buf.writerIndex() - index >= length ? length : -1;
    }

    /** The value of the varint of {@code length} bytes at {@code index}. */
    public static long get(ByteBuf buf, int index, int length) {
        return switch (length) {
            case 1 -> buf.getByte(index) & 0x3f;
            case 2 -> buf.getShort(index) & 0x3fff;
            case 4 -> buf.getInt(index) & 0x3fff_ffffL;
            default -> buf.getLong(index) & 0x3fff_ffff_ffff_ffffL;
        };
    }

    /** Reads a varint, or returns -1 and reads nothing when it is incomplete. */
    public static long read(ByteBuf buf) {
        int length = peekLength(buf, buf.readerIndex());
        if (length < 0) {
            return -1;
        }
        long value = get(buf, buf.readerIndex(), length);
        buf.skipBytes(length);
        return value;
    }

    public static void write(ByteBuf buf, long value) {
        switch (size(value)) {
            case 1 -> buf.writeByte((int) value);
            case 2 -> buf.writeShort((int) (value | 0x4000));
            case 4 -> buf.writeInt((int) (value | 0x8000_0000L));
            default -> buf.writeLong(value | 0xc000_0000_0000_0000L);
        }
    }
}
