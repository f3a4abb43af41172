package io.darktower.devstack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain SQL against a database of the stack, one connection per call: for tests and operators' checks. */
public final class Sql {

    private Sql() {
    }

    public static void execute(Endpoints db, String sql) {
        try (Connection c = connect(db)) {
            c.createStatement().execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Every row, as column name to value, in the query's order. */
    public static List<Map<String, Object>> rows(Endpoints db, String sql) {
        try (Connection c = connect(db); ResultSet rs = c.createStatement().executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<Map<String, Object>> out = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnName(i), rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The first column of every row, as text. */
    public static List<String> strings(Endpoints db, String sql) {
        return rows(db, sql).stream().map(row -> {
            Object value = row.values().iterator().next();
            return value == null ? null : value.toString();
        }).toList();
    }

    /** The first column of the first row as text, or null when there is no row. */
    public static String one(Endpoints db, String sql) {
        List<String> values = strings(db, sql);
        return values.isEmpty() ? null : values.get(0);
    }

    private static Connection connect(Endpoints db) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.databaseUser(), db.databasePassword());
    }
}
