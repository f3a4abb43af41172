package io.darktower.events.meeting;

/** The switches a meeting is created with; defaults follow the seed's column defaults. */
public record MeetingSettings(boolean e2eEncryption, boolean requireAuth, boolean allowRecording, boolean waitingRoom) {

    public static final MeetingSettings DEFAULTS = new MeetingSettings(true, false, false, false);
}
