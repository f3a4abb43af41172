package io.darktower.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The 42-byte frame header: round trips, in-place stream id rewrite, and no bytes at all that make it throw. */
class MediaFrameHeaderTest {

    private static ByteBuffer frame(MediaFrameHeader header, byte[] payload) {
        ByteBuffer buffer = ByteBuffer.allocate(MediaFrameHeader.SIZE + payload.length);
        header.write(buffer);
        buffer.put(payload).flip();
        return buffer;
    }

    @Test
    void aHeaderRoundTripsAndTakesFortyTwoBytes() {
        MediaFrameHeader header = new MediaFrameHeader(FrameType.VIDEO_KEY, 0x0102030405060708L, 0x0a0b0c0d,
                1_700_000_000_000_000L, 42, 5, MediaFrameHeader.END_OF_FRAME | MediaFrameHeader.DISCARDABLE);
        ByteBuffer buffer = frame(header, new byte[] {1, 2, 3, 4, 5});
        assertThat(buffer.remaining()).isEqualTo(47);
        assertThat(buffer.get(0)).isEqualTo((byte) 1);
        assertThat(buffer.get(1)).isEqualTo((byte) 2);
        assertThat(buffer.get(2)).isEqualTo((byte) 1);
        assertThat(buffer.get(10)).isEqualTo((byte) 0x0a);
        assertThat(MediaFrameHeader.read(buffer)).contains(header);
        assertThat(header.endOfFrame()).isTrue();
        assertThat(header.discardable()).isTrue();

        MediaFrameHeader.rewriteStreamId(buffer, 0, 99);
        MediaFrameHeader rewritten = MediaFrameHeader.read(buffer).orElseThrow();
        assertThat(rewritten.streamId()).isEqualTo(99);
        assertThat(rewritten).usingRecursiveComparison().ignoringFields("streamId").isEqualTo(header);
        assertThat(buffer.get(46)).isEqualTo((byte) 5);
    }

    @Test
    void malformedFramesAreNamedNotThrown() {
        MediaFrameHeader header = new MediaFrameHeader(FrameType.AUDIO, 7, 1, 0, 0, 3, 0);
        ByteBuffer good = frame(header, new byte[3]);
        assertThat(MediaFrameHeader.check(good, 0, good.remaining())).isEqualTo(MediaFrameHeader.Check.OK);
        assertThat(MediaFrameHeader.check(good, 0, good.remaining() - 1)).isEqualTo(MediaFrameHeader.Check.TRUNCATED);
        assertThat(MediaFrameHeader.check(frame(header, new byte[4]), 0, 46)).isEqualTo(MediaFrameHeader.Check.TRAILING_BYTES);
        ByteBuffer version = frame(header, new byte[3]).put(0, (byte) 2);
        assertThat(MediaFrameHeader.check(version, 0, 45)).isEqualTo(MediaFrameHeader.Check.UNKNOWN_VERSION);
        ByteBuffer type = frame(header, new byte[3]).put(1, (byte) 9);
        assertThat(MediaFrameHeader.check(type, 0, 45)).isEqualTo(MediaFrameHeader.Check.UNKNOWN_TYPE);
        ByteBuffer huge = frame(header, new byte[3]).putInt(MediaFrameHeader.PAYLOAD_LENGTH_OFFSET, -1);
        assertThat(MediaFrameHeader.check(huge, 0, 45)).isEqualTo(MediaFrameHeader.Check.TRUNCATED);
        assertThat(MediaFrameHeader.check(good, 10, 45)).isEqualTo(MediaFrameHeader.Check.TRUNCATED);
        assertThat(MediaFrameHeader.check(good, -1, 45)).isEqualTo(MediaFrameHeader.Check.TRUNCATED);
    }

    @Test
    void randomAndTruncatedBytesNeverThrow() {
        Random random = new Random(7);
        byte[] valid = frame(new MediaFrameHeader(FrameType.VIDEO_DELTA, 1, 2, 3, 4, 100, 1), new byte[100]).array();
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = round % 2 == 0 ? new byte[random.nextInt(200)] : Arrays.copyOf(valid, random.nextInt(valid.length + 1));
            if (round % 2 == 0) {
                random.nextBytes(bytes);
                if (bytes.length > 1) {
                    bytes[0] = 1;
                    bytes[1] = (byte) (1 + random.nextInt(3));
                }
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            int offset = random.nextInt(4);
            MediaFrameHeader.Check check = MediaFrameHeader.check(buffer, offset, Math.max(0, bytes.length - offset));
            assertThat(check).isNotNull();
            assertThat(MediaFrameHeader.read(buffer).isPresent())
                    .isEqualTo(MediaFrameHeader.check(buffer, 0, bytes.length) == MediaFrameHeader.Check.OK);
        }
    }

    @Test
    void theCheckFromFieldsAgreesWithTheCheckOfTheBytes() {
        Random random = new Random(8);
        for (int i = 0; i < 20_000; i++) {
            int length = random.nextInt(MediaFrameHeader.SIZE + 60);
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            if (length > MediaFrameHeader.SIZE && random.nextBoolean()) {
                bytes[MediaFrameHeader.VERSION_OFFSET] = MediaFrameHeader.VERSION;
                bytes[MediaFrameHeader.TYPE_OFFSET] = (byte) (1 + random.nextInt(3));
                ByteBuffer.wrap(bytes).putInt(MediaFrameHeader.PAYLOAD_LENGTH_OFFSET,
                        length - MediaFrameHeader.SIZE + random.nextInt(3) - 1);
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            MediaFrameHeader.Check expected = MediaFrameHeader.check(buffer, 0, length);
            MediaFrameHeader.Check fromFields = length < MediaFrameHeader.SIZE ? MediaFrameHeader.check(length, 0, 0, 0)
                    : MediaFrameHeader.check(length, bytes[MediaFrameHeader.VERSION_OFFSET] & 0xff,
                            bytes[MediaFrameHeader.TYPE_OFFSET] & 0xff,
                            buffer.getInt(MediaFrameHeader.PAYLOAD_LENGTH_OFFSET) & 0xffff_ffffL);
            assertThat(fromFields).as("%s", Arrays.toString(bytes)).isEqualTo(expected);
        }
    }
}
