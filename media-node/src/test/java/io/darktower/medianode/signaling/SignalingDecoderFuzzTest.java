package io.darktower.medianode.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.darktower.signaling.ClientMessage;
import io.darktower.signaling.JoinRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random, truncated and oversized bytes on a signaling stream: no exception escapes; a broken stream yields one error. */
class SignalingDecoderFuzzTest {

    private static final int MAX = 4096;

    private static List<Object> feed(byte[] bytes, int chunk) {
        EmbeddedChannel channel = new EmbeddedChannel(SignalingDecoder.forNode(MAX));
        for (int i = 0; i < bytes.length; i += chunk) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(chunk, bytes.length - i)));
        }
        channel.checkException();   // throws if anything escaped into the pipeline
        List<Object> out = new ArrayList<>();
        for (Object o = channel.readInbound(); o != null; o = channel.readInbound()) {
            out.add(o);
        }
        channel.finishAndReleaseAll();
        return out;
    }

    private static byte[] framed(ClientMessage message) {
        ByteBuf buf = SignalingEncoder.encode(UnpooledByteBufAllocator.DEFAULT, message);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        return bytes;
    }

    @Test
    void wellFormedMessagesSplitAnywhereDecodeInOrder() {
        ClientMessage first = ClientMessage.newBuilder().setRequestId(1)
                .setJoin(JoinRequest.newBuilder().setToken("t").setDisplayName("Ann")).build();
        ClientMessage second = ClientMessage.newBuilder().setRequestId(2).build();
        byte[] a = framed(first);
        byte[] b = framed(second);
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        for (int chunk = 1; chunk <= both.length; chunk++) {
            assertThat(feed(both, chunk)).containsExactly(first, second);
        }
    }

    @Test
    void randomBytesNeverThrowAndEndInAtMostOneError() {
        Random random = new Random(42);
        for (int round = 0; round < 5_000; round++) {
            byte[] bytes = new byte[random.nextInt(64)];
            random.nextBytes(bytes);
            if (random.nextBoolean() && bytes.length >= 4) {
                // a plausible length, so the protobuf parser sees the random body
                int length = Math.max(1, bytes.length - 4 - random.nextInt(3));
                bytes[0] = 0;
                bytes[1] = 0;
                bytes[2] = (byte) (length >> 8);
                bytes[3] = (byte) length;
            }
            List<Object> out = feed(bytes, 1 + random.nextInt(8));
            long errors = out.stream().filter(SignalingException.class::isInstance).count();
            assertThat(errors).isLessThanOrEqualTo(1);
            if (errors == 1) {
                assertThat(out.getLast()).isInstanceOf(SignalingException.class);
            }
            assertThat(out).allMatch(o -> o instanceof ClientMessage || o instanceof SignalingException);
        }
    }

    @Test
    void truncatedMessagesWaitAndOversizedOrEmptyOnesAreRefused() {
        byte[] whole = framed(ClientMessage.newBuilder().setRequestId(9)
                .setJoin(JoinRequest.newBuilder().setToken("abc").setDisplayName("Bob")).build());
        for (int cut = 0; cut < whole.length; cut++) {
            byte[] part = java.util.Arrays.copyOf(whole, cut);
            assertThat(feed(part, 3)).isEmpty();
        }
        assertThat(feed(new byte[] {0, 0, 0x10, 1}, 4)).singleElement().isInstanceOf(SignalingException.class);
        assertThat(feed(new byte[] {0, 0, 0, 0}, 4)).singleElement().isInstanceOf(SignalingException.class);
        assertThat(feed(new byte[] {0, 0, 0, 2, (byte) 0xff, (byte) 0xff}, 1)).singleElement()
                .isInstanceOf(SignalingException.class);
    }
}
