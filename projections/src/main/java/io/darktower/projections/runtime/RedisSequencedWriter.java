package io.darktower.projections.runtime;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * Exactly-once in effect for a Redis projection: one Lua script checks the aggregate's last applied sequence
 * (kept in its own key), runs the event's commands and records the sequence, atomically. The commands of a
 * batch are pipelined on one connection, which keeps them in order.
 */
public final class RedisSequencedWriter {

    /** A Redis command and its arguments, e.g. {@code HSET key field value}. */
    public record Op(String command, List<String> args) {
        public static Op of(String command, String... args) {
            return new Op(command, List.of(args));
        }
    }

    /** One event's commands, guarded by its aggregate's sequence, kept under {@code sequenceKey}. */
    public record Write(String aggregateId, String sequenceKey, long sequence, List<Op> ops) {
    }

    /** Returns 1 when applied, 0 for an event applied before, -(last + 2) for a gap (always negative). */
    static final String SCRIPT = """
            local last = tonumber(redis.call('GET', KEYS[1]) or '-1')
            local seq = tonumber(ARGV[1])
            if seq <= last then return 0 end
            if seq ~= last + 1 then return -(last + 2) end
            local i = 2
            while i <= #ARGV do
              local n = tonumber(ARGV[i + 1])
              redis.call(ARGV[i], unpack(ARGV, i + 2, i + 1 + n))
              i = i + 2 + n
            end
            local ttl = redis.call('PTTL', KEYS[1])
            redis.call('SET', KEYS[1], ARGV[1])
            if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
            return 1
            """;

    private final String projection;
    private final StatefulRedisConnection<String, String> connection;
    private volatile String sha;

    public RedisSequencedWriter(String projection, StatefulRedisConnection<String, String> connection) {
        this.projection = projection;
        this.connection = connection;
        this.sha = connection.sync().scriptLoad(SCRIPT);
    }

    /** Applies the writes in order; throws {@link SequenceGap} if one is out of sequence. */
    public void apply(List<Write> writes) throws InterruptedException {
        List<RedisFuture<Long>> results = new ArrayList<>(writes.size());
        for (Write write : writes) {
            results.add(connection.async().evalsha(sha, ScriptOutputType.INTEGER,
                    new String[] {write.sequenceKey()}, arguments(write)));
        }
        for (int i = 0; i < results.size(); i++) {
            long outcome;
            try {
                outcome = results.get(i).get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RedisNoScriptException) { // Redis restarted and forgot the script
                    sha = connection.sync().scriptLoad(SCRIPT);
                }
                throw new IllegalStateException("Redis refused a projection write", e.getCause());
            }
            if (outcome < 0) {
                Write write = writes.get(i);
                throw new SequenceGap(projection, write.aggregateId(), -outcome - 2, write.sequence());
            }
        }
    }

    private static String[] arguments(Write write) {
        List<String> args = new ArrayList<>();
        args.add(Long.toString(write.sequence()));
        for (Op op : write.ops()) {
            args.add(op.command());
            args.add(Integer.toString(op.args().size()));
            args.addAll(op.args());
        }
        return args.toArray(String[]::new);
    }
}
