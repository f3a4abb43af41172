package io.darktower.projections.runtime;

import io.darktower.events.AggregateType;
import io.darktower.events.EventEnvelope;
import io.darktower.events.StoredEvent;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The event store read directly, as the source every read model is rebuilt or healed from. The read side reads the
 * table through {@link StoredEvent}, the same row mapping the relay publishes with, so an envelope read here is the
 * envelope Kafka carried.
 */
public final class EventLog {

    static final String TABLE = "event_store.domain_event_entry";

    private final DataSource dataSource;
    private volatile Boolean present;

    public EventLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** An aggregate's events with sequences from {@code from} to {@code to} inclusive, in order. */
    public List<EventEnvelope> events(String aggregateId, long from, long to) throws SQLException {
        return select("aggregate_identifier = ? AND sequence_number BETWEEN ? AND ? ORDER BY sequence_number",
                aggregateId, from, to);
    }

    /**
     * Events that name a user, in store order, at most {@code limit}: as the actor in their metadata, or as
     * {@code userId} in their payload. Both lookups are indexed (the event store's expression indexes on
     * {@code meta_data::jsonb ->> 'actorUserId'} and {@code payload::jsonb ->> 'userId'}), so this never scans the log.
     */
    public List<EventEnvelope> naming(String userId, int limit) throws SQLException {
        return select("global_index IN (SELECT global_index FROM " + TABLE + " WHERE (meta_data::jsonb ->> 'actorUserId') = ?"
                + " UNION SELECT global_index FROM " + TABLE + " WHERE (payload::jsonb ->> 'userId') = ?)"
                + " ORDER BY global_index LIMIT ?", userId, userId, limit);
    }

    /**
     * Events caused by calls made with an API key, in store order, at most {@code limit}: found by the event store's
     * expression index on {@code meta_data::jsonb ->> 'actorApiKeyId'}, never by a scan.
     */
    public List<EventEnvelope> actedWithApiKey(String apiKeyId, int limit) throws SQLException {
        return select("(meta_data::jsonb ->> 'actorApiKeyId') = ? ORDER BY global_index LIMIT ?", apiKeyId, limit);
    }

    /** The stored events {@code where} (with its order and limit) selects, {@code parameters} bound in order. */
    private List<EventEnvelope> select(String where, Object... parameters) throws SQLException {
        if (!present()) {
            return List.of();
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT " + StoredEvent.COLUMNS + " FROM " + TABLE + " WHERE " + where)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            return read(select);
        }
    }

    /** Ids of the aggregates of these types first stored after {@code afterGlobalIndex}, oldest first, at most {@code limit}. */
    public List<AggregateStart> aggregates(Collection<? extends AggregateType<?>> types, long afterGlobalIndex, int limit)
            throws SQLException {
        if (!present()) {
            return List.of();
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT global_index, aggregate_identifier FROM " + TABLE
                     + " WHERE sequence_number = 0 AND lower(type) = ANY (?) AND global_index > ? ORDER BY global_index LIMIT ?")) {
            select.setArray(1, names(c, types));
            select.setLong(2, afterGlobalIndex);
            select.setInt(3, limit);
            List<AggregateStart> out = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    out.add(new AggregateStart(rs.getLong(1), rs.getString(2)));
                }
            }
            return out;
        }
    }

    /** Events of these types after a global position, in store order, at most {@code limit}. */
    public List<EventEnvelope> after(Collection<? extends AggregateType<?>> types, long afterGlobalIndex, int limit)
            throws SQLException {
        if (!present()) {
            return List.of();
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT " + StoredEvent.COLUMNS + " FROM " + TABLE
                     + " WHERE lower(type) = ANY (?) AND global_index > ? ORDER BY global_index LIMIT ?")) {
            select.setArray(1, names(c, types));
            select.setLong(2, afterGlobalIndex);
            select.setInt(3, limit);
            return read(select);
        }
    }

    /** How many aggregates of these types the store holds. */
    public long countAggregates(Collection<? extends AggregateType<?>> types) throws SQLException {
        if (!present()) {
            return 0;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement(
                     "SELECT count(*) FROM " + TABLE + " WHERE sequence_number = 0 AND lower(type) = ANY (?)")) {
            select.setArray(1, names(c, types));
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Whether this database holds the event store. A read side deployed apart from it cannot heal or rebuild: every
     * read answers empty, and a gap parks its aggregate.
     */
    public boolean present() throws SQLException {
        Boolean known = present;
        if (known == null) {
            try (Connection c = dataSource.getConnection();
                 ResultSet rs = c.createStatement().executeQuery("SELECT to_regclass('" + TABLE + "') IS NOT NULL")) {
                rs.next();
                known = rs.getBoolean(1);
                // only a store found is remembered: a read side started before the write side made its schema
                // finds it later
                present = known ? Boolean.TRUE : null;
            }
        }
        return known;
    }

    /** How many events of these types the store holds: the total a rebuild reports its progress against. */
    public long count(Collection<? extends AggregateType<?>> types) throws SQLException {
        return count(types, null);
    }

    /** How many events of these types the store holds up to a global position (null: all of them). */
    public long count(Collection<? extends AggregateType<?>> types, Long upToGlobalIndex) throws SQLException {
        if (!present()) {
            return 0;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT count(*) FROM " + TABLE
                     + " WHERE lower(type) = ANY (?) AND global_index <= ?")) {
            select.setArray(1, names(c, types));
            select.setLong(2, upToGlobalIndex == null ? Long.MAX_VALUE : upToGlobalIndex);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** When the event at this global position (or the last one before it) happened; empty for an empty store. */
    public Optional<Instant> timeAt(long globalIndex) throws SQLException {
        if (!present()) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT time_stamp FROM " + TABLE
                     + " WHERE global_index <= ? ORDER BY global_index DESC LIMIT 1")) {
            select.setLong(1, globalIndex);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(Instant.parse(rs.getString(1))) : Optional.empty();
            }
        }
    }

    /** The types' names as the store's {@code type} column holds them, lower-cased (the aggregate class's simple name). */
    private static Array names(Connection c, Collection<? extends AggregateType<?>> types) throws SQLException {
        // the class ApiKey is stored as type ApiKey: lower-cased "apikey", while the wire name is "api_key"
        return c.createArrayOf("varchar", types.stream().map(t -> t.name().replace("_", "")).toArray());
    }

    private static List<EventEnvelope> read(PreparedStatement select) throws SQLException {
        List<EventEnvelope> out = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                out.add(StoredEvent.read(rs).toEnvelope());
            }
        }
        return out;
    }

    /** Where an aggregate's first event sits in the store. */
    public record AggregateStart(long globalIndex, String aggregateId) {
    }
}
