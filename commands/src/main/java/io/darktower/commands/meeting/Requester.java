package io.darktower.commands.meeting;

import java.util.UUID;

/**
 * A caller of the API acting on a participant: the signed-in user it acts for (null for a guest) and the participant
 * its join token speaks for (null without one). Either identifies the participant as itself. Commands carry none when
 * the platform itself acts (a lapsed presence, a kick, a media node's admitted session).
 */
public record Requester(UUID userId, UUID participantId) {
}
