package io.darktower.projections.runtime;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Parked aggregates and the records waiting behind them ({@code parked_aggregates}, {@code dead_letters}), in the
 * read model's database where operators can see them. A redelivered record is stored once.
 */
public final class DeadLetters {

    /** What an operator asked for a parked aggregate. */
    public enum Action { RETRY, SKIP }

    /** A parked aggregate as operators see it. */
    public record Parked(String projection, String aggregateId, String error, Instant parkedAt, int waiting,
                         String action) {
    }

    /** An operator's pending request for a parked aggregate. */
    record Request(String aggregateId, Action action) {
    }

    /** A record held for a parked aggregate. */
    record Held(long id, ConsumerRecord<String, byte[]> record) {
    }

    private final DataSource dataSource;

    public DeadLetters(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Parks an aggregate (or updates why) and holds the record that failed. */
    void park(String projection, String aggregateId, ConsumerRecord<String, byte[]> record, Decoded decoded,
              String error) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement park = c.prepareStatement("""
                    INSERT INTO parked_aggregates (projection, aggregate_id, error, attempts) VALUES (?, ?, ?, 1)
                    ON CONFLICT (projection, aggregate_id) DO UPDATE
                    SET error = EXCLUDED.error, attempts = parked_aggregates.attempts + 1, action = NULL""")) {
                park.setString(1, projection);
                park.setString(2, aggregateId);
                park.setString(3, error);
                park.executeUpdate();
            }
            insert(c, projection, aggregateId, record, decoded, error);
            c.commit();
        }
    }

    /** Holds a record of an aggregate that is parked already: it waits behind the one that failed. */
    void hold(String projection, String aggregateId, ConsumerRecord<String, byte[]> record, Decoded decoded)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            insert(c, projection, aggregateId, record, decoded, null);
        }
    }

    private static void insert(Connection c, String projection, String aggregateId, ConsumerRecord<String, byte[]> record,
                               Decoded decoded, String error) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO dead_letters (projection, aggregate_id, aggregate_sequence, event_type, kafka_topic,
                    kafka_partition, kafka_offset, record, error)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (projection, kafka_topic, kafka_partition, kafka_offset) DO UPDATE SET error = EXCLUDED.error""")) {
            insert.setString(1, projection);
            insert.setString(2, aggregateId);
            insert.setObject(3, decoded == null ? null : decoded.sequence());
            insert.setString(4, decoded == null ? null : decoded.envelope().eventType());
            insert.setString(5, record.topic());
            insert.setInt(6, record.partition());
            insert.setLong(7, record.offset());
            insert.setBytes(8, record.value());
            insert.setString(9, error);
            insert.executeUpdate();
        }
    }

    /** The aggregates parked for a projection. */
    Set<String> parkedIds(String projection) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT aggregate_id FROM parked_aggregates WHERE projection = ?")) {
            select.setString(1, projection);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    /** Parked aggregates of a projection with an operator's request pending. */
    List<Request> requestedActions(String projection) throws SQLException {
        List<Request> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement(
                     "SELECT aggregate_id, action FROM parked_aggregates WHERE projection = ? AND action IS NOT NULL")) {
            select.setString(1, projection);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    out.add(new Request(rs.getString(1), Action.valueOf(rs.getString(2).toUpperCase(Locale.ROOT))));
                }
            }
        }
        return out;
    }

    /** Records held for an aggregate, in arrival order. */
    List<Held> held(String projection, String aggregateId) throws SQLException {
        List<Held> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("""
                     SELECT id, kafka_topic, kafka_partition, kafka_offset, aggregate_id, record FROM dead_letters
                     WHERE projection = ? AND aggregate_id = ? ORDER BY id""")) {
            select.setString(1, projection);
            select.setString(2, aggregateId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    out.add(new Held(rs.getLong(1), new ConsumerRecord<>(rs.getString(2), rs.getInt(3), rs.getLong(4),
                            rs.getString(5), rs.getBytes(6))));
                }
            }
        }
        return out;
    }

    /** Drops held records that were applied or skipped. */
    void release(long heldId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement("DELETE FROM dead_letters WHERE id = ?")) {
            delete.setLong(1, heldId);
            delete.executeUpdate();
        }
    }

    /** The aggregate flows again: nothing of it is held any more. */
    void unpark(String projection, String aggregateId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement(
                     "DELETE FROM parked_aggregates WHERE projection = ? AND aggregate_id = ?")) {
            delete.setString(1, projection);
            delete.setString(2, aggregateId);
            delete.executeUpdate();
        }
    }

    /** The request was acted on but the aggregate stays parked, for this reason. */
    void stillParked(String projection, String aggregateId, String error) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement("""
                     UPDATE parked_aggregates SET action = NULL, error = ?, attempts = attempts + 1
                     WHERE projection = ? AND aggregate_id = ?""")) {
            update.setString(1, error);
            update.setString(2, projection);
            update.setString(3, aggregateId);
            update.executeUpdate();
        }
    }

    /** An operator's request: acted on by whichever instance owns the aggregate, within about a second. */
    public boolean request(String projection, String aggregateId, Action action) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement("""
                     UPDATE parked_aggregates SET action = ?, action_requested_at = NOW()
                     WHERE projection = ? AND aggregate_id = ?""")) {
            update.setString(1, action.name().toLowerCase(Locale.ROOT));
            update.setString(2, projection);
            update.setString(3, aggregateId);
            return update.executeUpdate() == 1;
        }
    }

    /** Every parked aggregate of a projection, with how many records wait behind it. */
    public List<Parked> parked(String projection) throws SQLException {
        List<Parked> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("""
                     SELECT p.aggregate_id, p.error, p.parked_at, p.action,
                            (SELECT count(*) FROM dead_letters d WHERE d.projection = p.projection AND d.aggregate_id = p.aggregate_id)
                     FROM parked_aggregates p WHERE p.projection = ? ORDER BY p.parked_at""")) {
            select.setString(1, projection);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    out.add(new Parked(projection, rs.getString(1), rs.getString(2),
                            rs.getTimestamp(3).toInstant(), rs.getInt(5), rs.getString(4)));
                }
            }
        }
        return out;
    }

    /** A rebuild starts the projection over: what was parked is rebuilt from the log instead. */
    void clear(String projection) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            for (String table : List.of("dead_letters", "parked_aggregates")) {
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + table + " WHERE projection = ?")) {
                    delete.setString(1, projection);
                    delete.executeUpdate();
                }
            }
            c.commit();
        }
    }
}
