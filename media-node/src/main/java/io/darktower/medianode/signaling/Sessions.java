package io.darktower.medianode.signaling;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The node's live signaling sessions: counted for heartbeats, told to reconnect elsewhere when the node drains. */
public final class Sessions {

    private final Set<SignalingSession> live = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;
    private final LongAdder forwardedBytes = new LongAdder();
    /** Since the node started, for metrics: frames and bytes received from publishers, copies forwarded, dropped, lost. */
    final LongAdder receivedFrames = new LongAdder();
    final LongAdder receivedBytes = new LongAdder();
    final LongAdder forwardedCopies = new LongAdder();
    final LongAdder totalForwardedBytes = new LongAdder();
    final LongAdder droppedFrames = new LongAdder();
    final LongAdder lostFrames = new LongAdder();
    private long bitrateSampledAt = System.nanoTime();

    void add(SignalingSession session) {
        live.add(session);
    }

    void remove(SignalingSession session) {
        live.remove(session);
    }

    public int count() {
        return live.size();
    }

    /** Participants joined through this node now. */
    public int participants() {
        return (int) live.stream().filter(SignalingSession::isJoined).count();
    }

    /** Streams published through this node now. */
    public int streams() {
        return live.stream().mapToInt(SignalingSession::publishedStreams).sum();
    }

    void forwarded(int bytes) {
        forwardedBytes.add(bytes);
        totalForwardedBytes.add(bytes);
    }

    /**
     * The node's media counters as Micrometer meters ({@code darktower.media.*}, tagged with the node id): frames and
     * bytes received from publishers, copies and bytes forwarded, frames dropped (malformed, not the sender's, or
     * discardable under congestion) and frames lost on the way in (gaps in the publishers' sequence numbers); and the
     * participants and streams the node carries now.
     */
    public void bindTo(io.micrometer.core.instrument.MeterRegistry registry, String nodeId) {
        java.util.Map<String, LongAdder> counters = new java.util.LinkedHashMap<>();
        counters.put("darktower.media.frames.received", receivedFrames);
        counters.put("darktower.media.bytes.received", receivedBytes);
        counters.put("darktower.media.frames.forwarded", forwardedCopies);
        counters.put("darktower.media.bytes.forwarded", totalForwardedBytes);
        counters.put("darktower.media.frames.dropped", droppedFrames);
        counters.put("darktower.media.frames.lost", lostFrames);
        counters.forEach((name, adder) -> io.micrometer.core.instrument.FunctionCounter.builder(name, adder, LongAdder::sum)
                .tag("node", nodeId).register(registry));
        io.micrometer.core.instrument.Gauge.builder("darktower.media.participants", this, Sessions::participants)
                .tag("node", nodeId).register(registry);
        io.micrometer.core.instrument.Gauge.builder("darktower.media.streams", this, Sessions::streams)
                .tag("node", nodeId).register(registry);
    }

    /** Mbit/s forwarded since the previous call (the heartbeat's bitrate), rounded up. */
    public synchronized int bitrateMbpsSinceLastCall() {
        long now = System.nanoTime();
        long bits = forwardedBytes.sumThenReset() * 8;
        double seconds = Math.max(1e-3, (now - bitrateSampledAt) / 1e9);
        bitrateSampledAt = now;
        return (int) Math.min(Integer.MAX_VALUE, Math.ceil(bits / seconds / 1_000_000));
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
