package io.darktower.projections.runtime;

import io.darktower.projections.runtime.RedisWrites.Op;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * A Redis projection's store. Each aggregate's events of a batch go in one script call, all calls pipelined on one
 * connection: the script skips events applied before, applies the next ones and records the aggregate's sequence
 * beside its keys. An aggregate whose sequence is gone (Redis restarted without persistence, was flushed, evicted
 * it) or behind is healed from the {@link EventLog}: its keys are dropped and its events replayed from the first,
 * in one script call, instead of halting.
 *
 * <p>A sink for a point-in-time copy ({@link Replay}) writes every key under the copy's prefix, replays each
 * aggregate's events up to the replay's point only, and applies a key's deadline only when it had passed at that
 * point: the copy holds what Redis held then, and is kept (without deadlines) until an operator drops it.
 */
final class RedisSink<E> implements ProjectionSink {

    /**
     * KEYS[1] the aggregate's sequence key. ARGV: reset count, keys to drop; event count, then per event its
     * sequence, the expiry of the aggregate's keys (ms, 0 for none), its op count and ops (command, arg count, args).
     * {@code HSETXX} is HSET on a hash that exists only, so a field update never revives an expired hash as a stub.
     * Returns the last applied sequence, or -(last + 2) at the first event that does not follow it.
     */
    static final String SCRIPT = """
            local i = 1
            local resets = tonumber(ARGV[i]); i = i + 1
            if resets > 0 then
              redis.call('DEL', KEYS[1])
              for r = 1, resets do redis.call('DEL', ARGV[i]); i = i + 1 end
            end
            local last = tonumber(redis.call('GET', KEYS[1]) or '-1')
            local n = tonumber(ARGV[i]); i = i + 1
            for e = 1, n do
              local seq = tonumber(ARGV[i]); local expireAt = tonumber(ARGV[i + 1]); local ops = tonumber(ARGV[i + 2])
              i = i + 3
              if seq > last + 1 then return -(last + 2) end
              local fresh = seq == last + 1
              for o = 1, ops do
                local argc = tonumber(ARGV[i + 1])
                if fresh then
                  if ARGV[i] ~= 'HSETXX' then redis.call(ARGV[i], unpack(ARGV, i + 2, i + 1 + argc))
                  elseif redis.call('EXISTS', ARGV[i + 2]) == 1 then redis.call('HSET', unpack(ARGV, i + 2, i + 1 + argc)) end
                end
                i = i + 2 + argc
              end
              if fresh then
                last = seq
                redis.call('SET', KEYS[1], seq, 'KEEPTTL')
                if expireAt > 0 then redis.call('PEXPIREAT', KEYS[1], expireAt) end
              end
            end
            return last
            """;

    private final RedisProjector<E> projector;
    private final ProjectorEvents<E> events;
    private final StatefulRedisConnection<String, String> connection;
    private final EventLog log;
    /** The point-in-time copy this sink writes; null for the live keys. */
    private final Replay replay;
    private volatile String sha;

    RedisSink(RedisProjector<E> projector, StatefulRedisConnection<String, String> connection, EventLog log) {
        this(projector, connection, log, null);
    }

    private RedisSink(RedisProjector<E> projector, StatefulRedisConnection<String, String> connection, EventLog log,
                      Replay replay) {
        this.projector = projector;
        this.events = new ProjectorEvents<>(projector);
        this.connection = connection;
        this.log = log;
        this.replay = replay;
    }

    /** The runtime's own key: where this projection's last applied sequence of an aggregate is kept. */
    static String sequenceKey(String projection, String aggregateId) {
        return "projection:" + projection + ":" + aggregateId + ":seq";
    }

    /** A key that only this projection writes, once: when it is gone, Redis lost its data. */
    static String markerKey(String projection) {
        return "projection:" + projection + ":marker";
    }

    @Override
    public void apply(List<Decoded> events) throws Exception {
        Map<String, List<Decoded>> byAggregate = new LinkedHashMap<>();
        for (Decoded d : events) {
            byAggregate.computeIfAbsent(d.aggregateId(), id -> new ArrayList<>()).add(d);
        }
        Map<String, RedisFuture<Long>> calls = new LinkedHashMap<>();
        byAggregate.forEach((aggregateId, its) -> calls.put(aggregateId, call(aggregateId, false, its)));
        for (Map.Entry<String, RedisFuture<Long>> call : calls.entrySet()) {
            long outcome = await(call.getValue());
            if (outcome < 0) {
                List<Decoded> sent = byAggregate.get(call.getKey());
                heal(call.getKey(), -outcome - 2, sent.get(sent.size() - 1).sequence());
            }
        }
    }

    @Override
    public Rebuild rebuild() {
        return new RedisRebuild(projector.name(), events.types(), log, this, null);
    }

    @Override
    public Rebuild copyAsOf(Replay replay) {
        return new RedisRebuild(projector.name() + " as of " + replay.describe() + " under " + replay.keyPrefix(projector.name()),
                events.types(), log, new RedisSink<>(projector, connection, log, replay), replay);
    }

    @Override
    public boolean lostData() throws Exception {
        return !markerPresent();
    }

    @Override
    public void skip(String aggregateId, long sequence) throws Exception {
        await(connection.async().set(sequenceKey(projector.name(), aggregateId), Long.toString(sequence)));
    }

    /**
     * Brings an aggregate up to {@code upTo} from the event log. With nothing applied (its keys are gone), its keys
     * are dropped and it is replayed from its first event.
     */
    void heal(String aggregateId, long applied, long upTo) throws Exception {
        long from = applied < 0 ? 0 : applied + 1;
        List<Decoded> missing = fromLog(aggregateId, from, upTo);
        if (missing.size() != upTo - from + 1) {
            throw new UnhealableGap(projector.name(), aggregateId, applied, upTo);
        }
        long outcome = await(call(aggregateId, applied < 0, missing));
        if (outcome < 0) {
            throw new UnhealableGap(projector.name(), aggregateId, -outcome - 2, upTo);
        }
    }

    /** Replays an aggregate's whole history into fresh keys: a rebuild, one aggregate at a time. */
    void rebuild(String aggregateId) throws Exception {
        List<Decoded> history = fromLog(aggregateId, 0, Long.MAX_VALUE);
        if (replay != null) {
            history = history.stream().filter(d -> replay.includes(d.envelope())).toList();
        }
        if (!history.isEmpty()) {
            await(call(aggregateId, true, history));
        }
    }

    /** An aggregate's events from the event store, typed. */
    private List<Decoded> fromLog(String aggregateId, long from, long to) {
        try {
            return log.events(aggregateId, from, to).stream()
                    .map(events::decodeOwn).toList();
        } catch (SQLException e) {
            throw new StoreUnavailable("cannot read the event log for " + aggregateId + ": " + e.getMessage(), e);
        }
    }

    /** Whether this projection's marker is still in Redis; sets it when it is not. False means Redis lost data. */
    boolean markerPresent() throws Exception {
        return await(connection.async().set(markerKey(projector.name()), "1", SetArgs.Builder.nx())) == null;
    }

    private RedisFuture<Long> call(String aggregateId, boolean reset, List<Decoded> events) {
        List<String> args = new ArrayList<>();
        if (reset) {
            List<String> keys = projector.keysOf(aggregateId);
            args.add(Integer.toString(keys.size()));
            keys.forEach(key -> args.add(key(key)));
        } else {
            args.add("0");
        }
        args.add(Integer.toString(events.size()));
        for (Decoded d : events) {
            RedisWrites writes = projector.project(this.events.event(d), d.envelope());
            List<Op> ops = writes.ops().stream().filter(this::applies).toList();
            args.add(Long.toString(d.sequence()));
            args.add(writes.aggregateExpiresAt() == null || !passed(writes.aggregateExpiresAt()) ? "0"
                    : Long.toString(writes.aggregateExpiresAt().toEpochMilli()));
            args.add(Integer.toString(ops.size()));
            for (Op op : ops) {
                args.add(op.command());
                args.add(Integer.toString(op.args().size()));
                args.add(key(op.args().get(0))); // every op names its key first
                args.addAll(op.args().subList(1, op.args().size()));
            }
        }
        return connection.async().evalsha(scriptSha(), ScriptOutputType.INTEGER,
                new String[] {key(sequenceKey(projector.name(), aggregateId))}, args.toArray(String[]::new));
    }

    /** A key as this sink writes it: itself live, under the copy's prefix in a point-in-time copy. */
    private String key(String key) {
        return replay == null ? key : replay.keyPrefix(projector.name()) + key;
    }

    /** Whether a deadline has passed where this sink stands: always live (Redis decides), at the replay's point in a copy. */
    private boolean passed(Instant deadline) {
        return replay == null || !deadline.isAfter(replay.clock());
    }

    /** A copy leaves out the deadlines still ahead at its point in time: the keys were there then. */
    private boolean applies(Op op) {
        return !op.command().equals("PEXPIREAT") || passed(Instant.ofEpochMilli(Long.parseLong(op.args().get(1))));
    }

    private String scriptSha() {
        String current = sha;
        if (current == null) {
            current = connection.sync().scriptLoad(SCRIPT);
            sha = current;
        }
        return current;
    }

    private <T> T await(RedisFuture<T> future) throws Exception {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RedisNoScriptException) {
                sha = null; // Redis restarted and forgot the script: load it again on the retry
                throw new StoreUnavailable("Redis forgot the projection script", cause);
            }
            if (cause instanceof RedisConnectionException || cause instanceof RedisCommandTimeoutException
                    || (cause instanceof RedisException && !(cause instanceof RedisCommandExecutionException))) {
                throw new StoreUnavailable("Redis is unavailable: " + cause.getMessage(), cause);
            }
            if (cause instanceof RedisCommandExecutionException rejected
                    && String.valueOf(rejected.getMessage()).startsWith("LOADING")) {
                throw new StoreUnavailable("Redis is loading its data", rejected);
            }
            throw cause instanceof Exception exception ? exception : e;
        }
    }
}
