package io.darktower.medianode.signaling;

import com.google.protobuf.MessageLite;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Writes a protobuf message behind its 4-byte big-endian length: the signaling stream's framing, both directions. */
public final class SignalingEncoder {

    private SignalingEncoder() {
    }

    public static ByteBuf encode(ByteBufAllocator alloc, MessageLite message) {
        int size = message.getSerializedSize();
        ByteBuf out = alloc.buffer(SignalingDecoder.PREFIX + size);
        out.writeInt(size);
        try (ByteBufOutputStream stream = new ByteBufOutputStream(out)) {
            message.writeTo(stream);
        } catch (IOException e) {
            out.release();
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
