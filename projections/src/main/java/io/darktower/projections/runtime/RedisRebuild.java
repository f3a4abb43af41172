package io.darktower.projections.runtime;

import io.darktower.events.AggregateType;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a Redis projection aggregate by aggregate, each replayed from its first event into fresh keys in one
 * script call (absolute writes and expiry times derived from the events make a replay equal to the live keys). Runs
 * on the runner's thread between polls, so an aggregate is never rebuilt and applied live at once.
 */
final class RedisRebuild implements Rebuild {

    private static final Logger log = LoggerFactory.getLogger(RedisRebuild.class);
    private static final int PAGE = 200;

    private final String projection;
    private final AggregateType<?> aggregate;
    private final EventLog eventLog;
    private final RedisSink<?> sink;
    private boolean counted;
    private long position;
    private long done;
    private long total;
    private long lastReport;

    RedisRebuild(String projection, AggregateType<?> aggregate, EventLog eventLog, RedisSink<?> sink) {
        this.projection = projection;
        this.aggregate = aggregate;
        this.eventLog = eventLog;
        this.sink = sink;
    }

    @Override
    public boolean step() throws Exception {
        if (!counted) {
            total = eventLog.countAggregates(aggregate);
            counted = true;
            log.info("rebuild of {}: {} aggregates to replay", projection, total);
        }
        List<EventLog.AggregateStart> page = eventLog.aggregates(aggregate, position, PAGE);
        for (EventLog.AggregateStart start : page) {
            sink.rebuild(start.aggregateId());
            position = start.globalIndex();
            done++;
        }
        long now = System.nanoTime();
        if (now - lastReport > 1_000_000_000L || page.isEmpty()) {
            lastReport = now;
            log.info("rebuild of {}: {} of {} aggregates", projection, done, total);
        }
        return !page.isEmpty();
    }

    @Override
    public long done() {
        return done;
    }

    @Override
    public long total() {
        return total;
    }
}
