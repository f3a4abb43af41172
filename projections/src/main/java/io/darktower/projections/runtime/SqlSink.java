package io.darktower.projections.runtime;

import io.darktower.events.EventEnvelope;
import io.darktower.readmodel.RedisKeys;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * A PostgreSQL projection's store. A batch is one transaction: its rows and its sequence records
 * ({@code projection_sequences}, read with one statement and written with one batch) commit together or not at all.
 * With a {@code schema}, tables resolve there first: a rebuild writes a shadow copy with the projector's own SQL.
 */
final class SqlSink<E> implements ProjectionSink {

    private final SqlProjector<E> projector;
    private final ProjectorEvents<E> events;
    private final DataSource dataSource;
    private final EventLog log;
    private final String schema;
    private final CacheEviction evict;

    /** Drops cached copies of aggregates whose rows changed ({@code cache:{type}:{id}}), after the rows are committed. */
    interface CacheEviction {
        void evict(RedisKeys.CacheType type, Collection<String> aggregateIds);

        CacheEviction NONE = (type, ids) -> { };
    }

    SqlSink(SqlProjector<E> projector, DataSource dataSource, EventLog log, String schema) {
        this(projector, dataSource, log, schema, CacheEviction.NONE);
    }

    SqlSink(SqlProjector<E> projector, DataSource dataSource, EventLog log, String schema, CacheEviction evict) {
        this.projector = projector;
        this.events = new ProjectorEvents<>(projector);
        this.dataSource = dataSource;
        this.log = log;
        this.schema = schema;
        this.evict = evict;
    }

    @Override
    public void apply(List<Decoded> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        applyInTransaction(events);
        // after the commit: a reader that misses the cache now reads the new rows
        projector.cached().ifPresent(type -> evict.evict(type, events.stream().map(Decoded::aggregateId).distinct().toList()));
    }

    private void applyInTransaction(List<Decoded> events) throws SQLException {
        inTransaction(c -> {
            Set<String> aggregates = new LinkedHashSet<>();
            events.forEach(d -> aggregates.add(d.aggregateId()));
            Map<String, Long> last = lastSequences(c, aggregates);
            Map<String, Long> advanced = new HashMap<>();
            SqlWriter writer = new SqlWriter(c);
            for (Decoded d : events) {
                long applied = last.getOrDefault(d.aggregateId(), -1L);
                if (d.sequence() <= applied) {
                    continue; // seen before: a redelivery
                }
                if (d.sequence() > applied + 1) {
                    healGap(writer, d.aggregateId(), applied, d.sequence());
                }
                project(writer, d);
                last.put(d.aggregateId(), d.sequence());
                advanced.put(d.aggregateId(), d.sequence());
            }
            recordSequences(c, advanced);
        });
    }

    @Override
    public Rebuild rebuild() {
        return new SqlRebuild<>(projector, dataSource, log);
    }

    @Override
    public Rebuild copyAsOf(Replay replay) {
        return new SqlRebuild<>(projector, dataSource, log, replay);
    }

    @Override
    public void skip(String aggregateId, long sequence) throws SQLException {
        inTransaction(c -> recordSequences(c, Map.of(aggregateId, sequence)));
    }

    /** Applies the events an aggregate is missing from the event log, or fails if the log lacks them too. */
    private void healGap(SqlWriter writer, String aggregateId, long applied, long arrived) throws SQLException {
        List<EventEnvelope> missing = log.events(aggregateId, applied + 1, arrived - 1);
        if (missing.size() != arrived - applied - 1) {
            throw new UnhealableGap(projector.name(), aggregateId, applied, arrived);
        }
        for (EventEnvelope envelope : missing) {
            project(writer, events.decodeOwn(envelope));
        }
    }

    private void project(SqlWriter writer, Decoded decoded) throws SQLException {
        projector.project(events.event(decoded), decoded.envelope(), writer);
    }

    private Map<String, Long> lastSequences(Connection c, Set<String> aggregates) throws SQLException {
        Map<String, Long> last = new HashMap<>();
        try (PreparedStatement select = c.prepareStatement("""
                SELECT aggregate_id, last_sequence FROM projection_sequences
                WHERE projection = ? AND aggregate_id = ANY (?) FOR UPDATE""")) {
            Array ids = c.createArrayOf("varchar", aggregates.toArray());
            select.setString(1, projector.name());
            select.setArray(2, ids);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    last.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return last;
    }

    private void recordSequences(Connection c, Map<String, Long> advanced) throws SQLException {
        if (advanced.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = c.prepareStatement("""
                INSERT INTO projection_sequences (projection, aggregate_id, last_sequence) VALUES (?, ?, ?)
                ON CONFLICT (projection, aggregate_id) DO UPDATE
                SET last_sequence = GREATEST(projection_sequences.last_sequence, EXCLUDED.last_sequence), updated_at = NOW()""")) {
            for (Map.Entry<String, Long> entry : advanced.entrySet()) {
                upsert.setString(1, projector.name());
                upsert.setString(2, entry.getKey());
                upsert.setLong(3, entry.getValue());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    private interface Work {
        void run(Connection c) throws SQLException;
    }

    private void inTransaction(Work work) throws SQLException {
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try {
                if (schema != null) {
                    try (var s = c.createStatement()) {
                        s.execute("SET LOCAL search_path TO " + schema + ", public");
                    }
                }
                work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                if (unavailable(e)) {
                    throw new StoreUnavailable("PostgreSQL is unavailable: " + e.getMessage(), e);
                }
                throw e;
            }
        }
    }

    private Connection connection() throws SQLException {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new StoreUnavailable("no PostgreSQL connection: " + e.getMessage(), e);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is gone; the transaction with it
        }
    }

    /** Connection-level failures (class 08, server shutting down, too many connections) are the store's, not the event's. */
    static boolean unavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                return state.startsWith("08") || state.startsWith("57P") || state.startsWith("53");
            }
        }
        return false;
    }
}
