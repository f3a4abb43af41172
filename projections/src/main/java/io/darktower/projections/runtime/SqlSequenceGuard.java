package io.darktower.projections.runtime;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Exactly-once in effect for a PostgreSQL projection: an event is applied only if it is its aggregate's next
 * one. Call inside the transaction that writes the event's rows, so the sequence and the rows commit together.
 */
public final class SqlSequenceGuard {

    private final String projection;

    public SqlSequenceGuard(String projection) {
        this.projection = projection;
    }

    /**
     * @return true if the event is the next one and must be applied (its sequence is now recorded),
     *         false if it was applied before
     * @throws SequenceGap if an earlier event of the aggregate is missing
     */
    public boolean advance(Connection c, String aggregateId, long sequence) throws SQLException {
        long last = -1;
        try (PreparedStatement select = c.prepareStatement(
                "SELECT last_sequence FROM projection_sequences WHERE projection = ? AND aggregate_id = ? FOR UPDATE")) {
            select.setString(1, projection);
            select.setString(2, aggregateId);
            try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    last = rs.getLong(1);
                }
            }
        }
        if (sequence <= last) {
            return false;
        }
        if (sequence != last + 1) {
            throw new SequenceGap(projection, aggregateId, last, sequence);
        }
        try (PreparedStatement upsert = c.prepareStatement("""
                INSERT INTO projection_sequences (projection, aggregate_id, last_sequence) VALUES (?, ?, ?)
                ON CONFLICT (projection, aggregate_id)
                DO UPDATE SET last_sequence = EXCLUDED.last_sequence, updated_at = NOW()""")) {
            upsert.setString(1, projection);
            upsert.setString(2, aggregateId);
            upsert.setLong(3, sequence);
            upsert.executeUpdate();
        }
        return true;
    }
}
