package io.darktower.events.node;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Nodes name themselves with strings (the seed's {@code controller_id VARCHAR(255)}, e.g. {@code mc-us-west-1-001}),
 * while aggregates are identified by UUIDs: a node's aggregate id is the name-based UUID of its kind and its id, so
 * every node derives the same aggregate from its own name, and a controller and a media handler never share one.
 */
public final class NodeIds {

    private NodeIds() {
    }

    /** The aggregate id of the meeting controller named {@code controllerId}. */
    public static UUID controller(String controllerId) {
        return nameBased("controller:" + controllerId);
    }

    /** The aggregate id of the media handler named {@code handlerId}. */
    public static UUID mediaHandler(String handlerId) {
        return nameBased("media_handler:" + handlerId);
    }

    private static UUID nameBased(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
