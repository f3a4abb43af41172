package io.darktower.commands.recording;

import java.util.UUID;

/**
 * Who asks to stop, share or unshare a recording: the signed-in user it acts for (null when it acts for none, as an
 * API key of no user) and whether it is an administrator. A command carries none when the platform itself acts
 * (the meeting ended, so its recordings stop).
 */
public record RecordingRequester(UUID userId, boolean admin) {

    /** The recording's starter and administrators manage it; a caller acting for no user only when admin. */
    boolean mayManage(UUID startedBy) {
        return admin || userId != null && userId.equals(startedBy);
    }
}
