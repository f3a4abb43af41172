package io.darktower.medianode.signaling;

import io.darktower.signaling.StreamQualityUpdate;
import java.util.UUID;

/**
 * What arrived of one published stream through its publisher's session: frames, bytes, and frames lost as the gaps in
 * the header's sequence numbers say (a late frame filling a gap takes one back). Updated on the publisher's event
 * loop for every frame without allocating; read there too when a {@link StreamQualityUpdate} is due.
 */
final class StreamCounters {

    final UUID streamId;
    private final String streamIdText;
    private long frames;
    private long bytes;
    private long lost;
    private long highestSequence = -1;
    private long bytesAtLastReport;
    private long lastReportNanos = System.nanoTime();

    StreamCounters(UUID streamId) {
        this.streamId = streamId;
        this.streamIdText = streamId.toString();
    }

    /**
     * One frame of {@code length} bytes (header included) with that sequence number arrived; answers how many more
     * frames this one shows lost (negative: a late one was not lost after all).
     */
    long count(long sequence, int length) {
        frames++;
        bytes += length;
        if (highestSequence < 0 || sequence > highestSequence) {
            long gap = highestSequence >= 0 && sequence > highestSequence + 1 ? sequence - highestSequence - 1 : 0;
            highestSequence = sequence;
            lost += gap;
            return gap;
        }
        if (sequence < highestSequence && lost > 0) {
            lost--;   // late, not lost
            return -1;
        }
        return 0;
    }

    long frames() {
        return frames;
    }

    long lost() {
        return lost;
    }

    /** The stream's figures now, with the bitrate since the previous report; null when nothing arrived since. */
    StreamQualityUpdate report() {
        long now = System.nanoTime();
        long newBytes = bytes - bytesAtLastReport;
        double seconds = Math.max(1e-3, (now - lastReportNanos) / 1e9);
        bytesAtLastReport = bytes;
        lastReportNanos = now;
        if (newBytes == 0) {
            return null;
        }
        return StreamQualityUpdate.newBuilder().setStreamId(streamIdText).setFrames(frames).setBytes(bytes).setLost(lost)
                .setBitrate((long) (newBytes * 8 / seconds)).build();
    }
}
