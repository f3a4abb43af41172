package io.darktower.projections.runtime;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** The projector's view of the runtime's transaction: statements with parameters, instants bound as timestamps. */
public final class SqlWriter {

    private final Connection connection;

    SqlWriter(Connection connection) {
        this.connection = connection;
    }

    /** Runs one statement; returns the rows it changed. */
    public int update(String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                Object value = params[i];
                statement.setObject(i + 1, value instanceof Instant instant ? Timestamp.from(instant) : value);
            }
            return statement.executeUpdate();
        }
    }
}
