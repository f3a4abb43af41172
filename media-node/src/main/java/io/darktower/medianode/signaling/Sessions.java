package io.darktower.medianode.signaling;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The node's live signaling sessions: counted for heartbeats, told to reconnect elsewhere when the node drains. */
public final class Sessions {

    private final Set<SignalingSession> live = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;

    void add(SignalingSession session) {
        live.add(session);
    }

    void remove(SignalingSession session) {
        live.remove(session);
    }

    public int count() {
        return live.size();
    }

    public boolean draining() {
        return draining;
    }

    /** No new sessions; every live one is told to reconnect through the gateway and closed. */
    public void drain(String reason) {
        draining = true;
        for (SignalingSession session : List.copyOf(live)) {
            session.reconnectElsewhere(reason);
        }
    }
}
