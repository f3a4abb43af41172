package io.darktower.projections.runtime;

import com.fasterxml.jackson.core.type.TypeReference;
import io.darktower.events.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * What changed in a PostgreSQL read model between two of its states (two point-in-time copies, or a copy and the
 * live tables), table by table, by key: rows added, rows removed, rows changed with the columns that changed.
 *
 * <p>A row's key is its table's primary key, or its first unique constraint when the primary key is a surrogate
 * drawn from a sequence ({@code meeting_participants.id}): a surrogate differs between a copy and the live table for
 * the same participant. Columns a copy cannot reproduce are left out of the comparison: surrogates, and
 * {@code updated_at}, which the database sets when a row is written rather than from the event. A table with no
 * other key ({@code audit_logs}) is compared row by row: a changed row shows as one removed and one added.
 */
public final class ReadModelDiff {

    /** Rows listed per table and kind at most; the rest is counted out by {@link TableDiff#truncated()}. */
    static final int MAX_ROWS = 1_000;
    private static final String PRESENT = "present__";
    private static final String WRITE_TIME = "updated_at";

    private ReadModelDiff() {
    }

    /** A read model's changes from one state to another. */
    public record Diff(String projection, String from, String to, List<TableDiff> tables) {

        /** Whether nothing changed. */
        public boolean empty() {
            return tables.stream().allMatch(TableDiff::empty);
        }
    }

    /**
     * One table's changes.
     *
     * @param key       the columns rows are matched by
     * @param truncated whether more than {@value ReadModelDiff#MAX_ROWS} rows differ, and only the first are listed
     */
    public record TableDiff(String table, List<String> key, List<Map<String, Object>> added,
                            List<Map<String, Object>> removed, List<Changed> changed, boolean truncated) {

        public boolean empty() {
            return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
        }
    }

    /** A row present in both states whose columns differ: its key, and each changed column's values. */
    public record Changed(Map<String, Object> key, Map<String, Change> columns) {
    }

    public record Change(Object from, Object to) {
    }

    static Diff compare(DataSource dataSource, SqlProjector<?> projector, String from, String fromSchema, String to,
                        String toSchema) throws SQLException {
        List<TableDiff> tables = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            for (String table : projector.tables()) {
                tables.add(table(c, table, projector.rowsFromTheLog(table), fromSchema, toSchema));
            }
        }
        return new Diff(projector.name(), from, to, tables);
    }

    private static TableDiff table(Connection c, String table, String fromTheLog, String fromSchema, String toSchema)
            throws SQLException {
        List<String> ignored = surrogates(c, table);
        ignored.add(WRITE_TIME);
        List<String> key = key(c, table, ignored);
        ignored.add(PRESENT);
        String compared = "(to_jsonb(%s) - ?::text[])";
        String on = key.isEmpty() ? compared.formatted("f") + " = " + compared.formatted("t")
                : key.stream().map(k -> "f." + k + " = t." + k).collect(Collectors.joining(" AND "));
        String sql = "SELECT f." + PRESENT + ", t." + PRESENT + ", " + compared.formatted("f") + "::text, "
                + compared.formatted("t") + "::text"
                + " FROM (SELECT TRUE AS " + PRESENT + ", * FROM " + fromSchema + "." + table + " WHERE " + fromTheLog + ") f"
                + " FULL OUTER JOIN (SELECT TRUE AS " + PRESENT + ", * FROM " + toSchema + "." + table + " WHERE " + fromTheLog + ") t"
                + " ON " + on
                + " WHERE f." + PRESENT + " IS NULL OR t." + PRESENT + " IS NULL OR "
                + compared.formatted("f") + " IS DISTINCT FROM " + compared.formatted("t")
                + " LIMIT " + (MAX_ROWS + 1);
        List<Map<String, Object>> added = new ArrayList<>();
        List<Map<String, Object>> removed = new ArrayList<>();
        List<Changed> changed = new ArrayList<>();
        boolean truncated = false;
        try (PreparedStatement select = c.prepareStatement(sql)) {
            Array drop = c.createArrayOf("text", ignored.toArray());
            int parameters = select.getParameterMetaData().getParameterCount();
            for (int i = 1; i <= parameters; i++) {
                select.setArray(i, drop);
            }
            try (ResultSet rs = select.executeQuery()) {
                int rows = 0;
                while (rs.next()) {
                    if (++rows > MAX_ROWS) {
                        truncated = true;
                        break;
                    }
                    Map<String, Object> before = rs.getBoolean(1) ? json(rs.getString(3)) : null;
                    Map<String, Object> after = rs.getBoolean(2) ? json(rs.getString(4)) : null;
                    if (before == null) {
                        added.add(after);
                    } else if (after == null) {
                        removed.add(before);
                    } else {
                        changed.add(changed(key, before, after));
                    }
                }
            }
        }
        return new TableDiff(table, key, added, removed, changed, truncated);
    }

    private static Changed changed(List<String> key, Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> keyValues = new LinkedHashMap<>();
        key.forEach(k -> keyValues.put(k, before.get(k)));
        Map<String, Change> columns = new LinkedHashMap<>();
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String name : names) {
            if (!Objects.equals(before.get(name), after.get(name))) {
                columns.put(name, new Change(before.get(name), after.get(name)));
            }
        }
        return new Changed(keyValues, columns);
    }

    /** Columns filled from a sequence: surrogates a copy draws anew. */
    private static List<String> surrogates(Connection c, String table) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("""
                SELECT column_name FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name = ? AND column_default LIKE 'nextval(%'""")) {
            select.setString(1, table);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    /** The primary key, else the first unique constraint, without ignored columns; empty when there is none. */
    private static List<String> key(Connection c, String table, List<String> ignored) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("""
                SELECT array_agg(a.attname::text ORDER BY k.ord)
                FROM pg_constraint con
                CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                WHERE con.conrelid = ('public.' || ?)::regclass AND con.contype IN ('p', 'u')
                GROUP BY con.conname, con.contype
                ORDER BY con.contype = 'p' DESC, con.conname""")) {
            select.setString(1, table);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    List<String> columns = List.of((String[]) rs.getArray(1).getArray());
                    if (columns.stream().noneMatch(ignored::contains)) {
                        return columns;
                    }
                }
            }
        }
        return List.of();
    }

    private static Map<String, Object> json(String text) {
        try {
            return EventJson.mapper().readValue(text, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
