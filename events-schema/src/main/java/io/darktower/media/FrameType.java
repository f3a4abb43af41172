package io.darktower.media;

/** The frame type byte of a media frame header. */
public enum FrameType {
    AUDIO(1),
    VIDEO_KEY(2),
    VIDEO_DELTA(3);

    private final int wire;

    FrameType(int wire) {
        this.wire = wire;
    }

    public int wire() {
        return wire;
    }

    /** The type of a wire byte, or null when the byte names none. */
    public static FrameType fromWire(int wire) {
        return switch (wire) {
            case 1 -> AUDIO;
            case 2 -> VIDEO_KEY;
            case 3 -> VIDEO_DELTA;
            default -> null;
        };
    }
}
