package io.darktower.gateway.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * PostgreSQL session advisory locks: one periodic process (the node sweeper, the retention job) at a time across every
 * instance on a database. Held by the connection, so the database releases it if the instance dies.
 */
public final class AdvisoryLocks {

    private AdvisoryLocks() {
    }

    /** True when this connection now holds {@code key}; false when another session does. */
    public static boolean tryLock(Connection connection, long key) throws SQLException {
        return call(connection, "SELECT pg_try_advisory_lock(?)", key);
    }

    public static void unlock(Connection connection, long key) throws SQLException {
        call(connection, "SELECT pg_advisory_unlock(?)", key);
    }

    private static boolean call(Connection connection, String sql, long key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, key);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }
}
