package io.darktower.medianode.webtransport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * The capsules (RFC 9297: type, length, value) that follow the CONNECT of a session in its DATA frames, on either side:
 * CLOSE_WEBTRANSPORT_SESSION ends the session; DRAIN and unknown capsules are skipped.
 */
final class CapsuleReader {

    /** A capsule larger than this on a CONNECT stream is an abuse: the session is closed. */
    static final int MAX_CAPSULE = 8 * 1024;

    private ByteBuf pending;

    void read(ByteBufAllocator alloc, ByteBuf content, WebTransportSession session) {
        if (pending == null) {
            pending = alloc.buffer();
        }
        pending.writeBytes(content);
        while (session.isOpen()) {
            int start = pending.readerIndex();
            int typeLength = Varint.peekLength(pending, start);
            int lengthLength = typeLength < 0 ? -1 : Varint.peekLength(pending, start + typeLength);
            if (lengthLength < 0) {
                break;
            }
            long type = Varint.get(pending, start, typeLength);
            long length = Varint.get(pending, start + typeLength, lengthLength);
            if (length > MAX_CAPSULE) {
                session.close(0, "capsule too large");
                break;
            }
            int bodyStart = start + typeLength + lengthLength;
            if (pending.writerIndex() - bodyStart < length) {
                break;
            }
            pending.readerIndex(bodyStart + (int) length);
            if (type == WebTransportSession.CLOSE_SESSION_CAPSULE && length >= 4) {
                long code = pending.getUnsignedInt(bodyStart);
                String reason = pending.toString(bodyStart + 4, (int) length - 4, StandardCharsets.UTF_8);
                session.closedByPeer(code, reason);
            }
        }
        pending.discardReadBytes();
    }

    void release() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }
}
