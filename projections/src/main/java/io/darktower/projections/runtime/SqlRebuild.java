package io.darktower.projections.runtime;

import io.darktower.events.EventEnvelope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Rebuilds a PostgreSQL projection into a shadow schema ({@code rebuild_<projection>}) with the projector's own SQL,
 * from the event store in global order, while the live tables keep serving and the live projection keeps applying.
 * At the end, on the runner's thread (so the live projection is paused), it catches up and swaps the rows in with one
 * transaction: readers see the old rows until it commits. The swap replaces rows with foreign-key checks off
 * ({@code session_replication_role = replica}), so rows of other projections that point at these stay as they are;
 * it needs a role allowed to set that (the superuser, or {@code GRANT SET ON PARAMETER session_replication_role}).
 *
 * <p>With a {@link Replay}, it stops at the replay's point in time and keeps the copy in its own schema
 * ({@code asof_<projection>_<label>}) instead: nothing live is touched, so it may run on any thread.
 */
final class SqlRebuild<E> implements Rebuild {

    private static final int PAGE = 2_000;
    /** Events re-read behind the last position at the swap: a transaction that committed late is not missed. */
    private static final int STRAGGLER_WINDOW = 10_000;

    private final SqlProjector<E> projector;
    private final ProjectorEvents<E> events;
    private final DataSource dataSource;
    private final EventLog eventLog;
    private final String shadow;
    private final SqlSink<E> shadowSink;
    private final RebuildProgress progress;
    /** Where a point-in-time copy stops; null for a rebuild that is swapped in. */
    private final Replay replay;
    private boolean prepared;
    private long position;

    SqlRebuild(SqlProjector<E> projector, DataSource dataSource, EventLog eventLog) {
        this(projector, dataSource, eventLog, null);
    }

    SqlRebuild(SqlProjector<E> projector, DataSource dataSource, EventLog eventLog, Replay replay) {
        this.projector = projector;
        this.events = new ProjectorEvents<>(projector);
        this.dataSource = dataSource;
        this.eventLog = eventLog;
        this.replay = replay;
        this.shadow = replay == null ? "rebuild_" + projector.name().replaceAll("[^a-z0-9_]", "_")
                : replay.schema(projector.name());
        this.shadowSink = new SqlSink<>(projector, dataSource, eventLog, shadow);
        this.progress = new RebuildProgress(replay == null ? projector.name()
                : projector.name() + " as of " + replay.describe() + " into " + shadow, "events");
    }

    @Override
    public boolean step() throws Exception {
        if (!prepared) {
            prepare();
            prepared = true;
            return true;
        }
        List<EventEnvelope> page = eventLog.after(events.types(), position, PAGE);
        if (!page.isEmpty() && (replay == null || !replay.beyond(page.get(0).globalPosition()))) {
            apply(page);
            return true;
        }
        if (replay == null) {
            swap();
        } else {
            progress.finished("kept in schema " + shadow);
        }
        return false;
    }

    @Override
    public long done() {
        return progress.done();
    }

    @Override
    public long total() {
        return progress.total();
    }

    private void prepare() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + shadow + " CASCADE");
            s.execute("CREATE SCHEMA " + shadow);
            for (String table : tablesWithGuard()) {
                s.execute("CREATE TABLE " + shadow + "." + table + " (LIKE public." + table
                        + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)");
            }
        }
        progress.total(eventLog.count(events.types(), replay == null ? null : replay.position()));
    }

    private void apply(List<EventEnvelope> page) throws Exception {
        List<Decoded> decoded = new ArrayList<>(page.size());
        int read = 0;
        for (EventEnvelope envelope : page) {
            if (replay == null || replay.includes(envelope)) {
                decoded.add(events.decodeOwn(envelope));
            }
            position = Math.max(position, envelope.globalPosition());
            read += replay != null && replay.beyond(envelope.globalPosition()) ? 0 : 1;
        }
        shadowSink.apply(decoded);
        progress.add(read);
    }

    /** Catches up with the store, then replaces the live rows and sequence records with the shadow's. */
    private void swap() throws Exception {
        long from = Math.max(0, position - STRAGGLER_WINDOW);
        for (List<EventEnvelope> page = eventLog.after(events.types(), from, PAGE); !page.isEmpty();
             page = eventLog.after(events.types(), from, PAGE)) {
            apply(page);
            from = page.get(page.size() - 1).globalPosition();
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL session_replication_role = replica");
                List<String> tables = projector.tables();
                for (int i = tables.size() - 1; i >= 0; i--) {
                    s.execute("DELETE FROM public." + tables.get(i) + " WHERE " + projector.rowsFromTheLog(tables.get(i)));
                }
                for (String table : tables) {
                    s.execute("INSERT INTO public." + table + " SELECT * FROM " + shadow + "." + table
                            + " WHERE " + projector.rowsFromTheLog(table));
                }
                try (PreparedStatement sequences = c.prepareStatement(
                        "DELETE FROM public.projection_sequences WHERE projection = ?")) {
                    sequences.setString(1, projector.name());
                    sequences.executeUpdate();
                }
                s.execute("INSERT INTO public.projection_sequences SELECT * FROM " + shadow + ".projection_sequences");
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            try (Statement s = c.createStatement()) {
                c.setAutoCommit(true);
                s.execute("DROP SCHEMA " + shadow + " CASCADE");
            }
        }
        progress.finished("swapped in");
    }

    private List<String> tablesWithGuard() {
        List<String> tables = new ArrayList<>(projector.tables());
        tables.add("projection_sequences");
        return tables;
    }

}
