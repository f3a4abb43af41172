package io.darktower.projections.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Redis commands one event causes, and, once the aggregate's keys are set to expire, when: the runtime's own
 * bookkeeping for the aggregate expires with them.
 */
public record RedisWrites(List<Op> ops, Instant aggregateExpiresAt) {

    public RedisWrites {
        ops = List.copyOf(ops);
    }

    public static RedisWrites of(Op... ops) {
        return new RedisWrites(List.of(ops), null);
    }

    public static RedisWrites expiringAt(Instant expiresAt, Op... ops) {
        return new RedisWrites(List.of(ops), expiresAt);
    }

    /** A Redis command and its arguments. */
    public record Op(String command, List<String> args) {

        public Op {
            args = List.copyOf(args);
        }

        public static Op hset(String key, Map<String, String> fields) {
            List<String> args = new ArrayList<>(1 + 2 * fields.size());
            args.add(key);
            fields.forEach((field, value) -> {
                args.add(field);
                args.add(value);
            });
            return new Op("HSET", args);
        }

        /**
         * HSET on a hash that exists: updates fields of a key that may have expired (a participant session after its
         * TTL, a stream an hour after its end) without reviving it as a hash of those fields only.
         */
        public static Op hsetIfExists(String key, Map<String, String> fields) {
            return new Op("HSETXX", hset(key, fields).args());
        }

        public static Op del(String key) {
            return new Op("DEL", List.of(key));
        }

        public static Op sadd(String key, String member) {
            return new Op("SADD", List.of(key, member));
        }

        public static Op srem(String key, String member) {
            return new Op("SREM", List.of(key, member));
        }

        public static Op hincrby(String key, String field, long by) {
            return new Op("HINCRBY", List.of(key, field, Long.toString(by)));
        }

        /** Expires the key at {@code at} (at once if that has passed): replays set the same deadline as live. */
        public static Op expireAt(String key, Instant at) {
            return new Op("PEXPIREAT", List.of(key, Long.toString(at.toEpochMilli())));
        }

        public static Op expireAt(String key, Instant from, Duration ttl) {
            return expireAt(key, from.plus(ttl));
        }
    }
}
