package io.darktower.projections.runtime;

import io.darktower.events.AggregateType;
import java.util.List;

/**
 * Rebuilds a Redis projection aggregate by aggregate, each replayed from its first event into fresh keys in one
 * script call (absolute writes and expiry times derived from the events make a replay equal to the live keys). Runs
 * on the runner's thread between polls, so an aggregate is never rebuilt and applied live at once.
 */
final class RedisRebuild implements Rebuild {

    private static final int PAGE = 200;

    private final List<? extends AggregateType<?>> aggregates;
    private final EventLog eventLog;
    private final RedisSink<?> sink;
    private final RebuildProgress progress;
    /** Where a point-in-time copy stops (its sink writes under the copy's prefix); null for a live rebuild. */
    private final Replay replay;
    private boolean counted;
    private long position;

    RedisRebuild(String projection, List<? extends AggregateType<?>> aggregates, EventLog eventLog, RedisSink<?> sink,
                 Replay replay) {
        this.progress = new RebuildProgress(projection, "aggregates");
        this.aggregates = aggregates;
        this.eventLog = eventLog;
        this.sink = sink;
        this.replay = replay;
    }

    @Override
    public boolean step() throws Exception {
        if (!counted) {
            progress.total(eventLog.countAggregates(aggregates));
            counted = true;
        }
        List<EventLog.AggregateStart> page = eventLog.aggregates(aggregates, position, PAGE).stream()
                .filter(start -> replay == null || !replay.beyond(start.globalIndex())).toList();
        for (EventLog.AggregateStart start : page) {
            sink.rebuild(start.aggregateId());
            position = start.globalIndex();
            progress.add(1);
        }
        if (page.isEmpty()) {
            progress.finished(replay == null ? "done" : "kept");
        }
        return !page.isEmpty();
    }

    @Override
    public long done() {
        return progress.done();
    }

    @Override
    public long total() {
        return progress.total();
    }
}
