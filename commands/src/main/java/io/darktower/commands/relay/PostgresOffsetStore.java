package io.darktower.commands.relay;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one relay's change-data-capture offsets in PostgreSQL ({@code event_store.relay_offsets}) beside the
 * events they point into, so any node can take the relay over and a restart resumes where the last flush was.
 * Debezium instantiates it by class name and passes its properties through {@link #configure(WorkerConfig)}.
 *
 * <p>Several relays (replication slots) may share the table: each row carries its relay's name, and a relay
 * reads and writes only its own rows. A flush writes only the offsets that changed since the last one, over
 * one connection kept open for the relay's life and opened again when it fails.
 */
public final class PostgresOffsetStore extends MemoryOffsetBackingStore {

    private static final Logger log = LoggerFactory.getLogger(PostgresOffsetStore.class);

    static final String URL = "offset.storage.jdbc.url";
    static final String USER = "offset.storage.jdbc.user";
    static final String PASSWORD = "offset.storage.jdbc.password";
    static final String RELAY = "offset.storage.jdbc.relay";

    private static final String SELECT = "SELECT offset_key, offset_value FROM event_store.relay_offsets WHERE relay_name = ?";
    private static final String UPSERT = """
            INSERT INTO event_store.relay_offsets (relay_name, offset_key, offset_value, updated_at) VALUES (?, ?, ?, NOW())
            ON CONFLICT (relay_name, offset_key) DO UPDATE SET offset_value = EXCLUDED.offset_value, updated_at = NOW()""";

    private String url;
    private String user;
    private String password;
    private String relay;
    /** What the table holds for this relay, as far as this store knows: the base of the next flush's changes. */
    private final Map<ByteBuffer, ByteBuffer> stored = new HashMap<>();
    private Connection connection;

    @Override
    public void configure(WorkerConfig config) {
        super.configure(config);
        Map<String, String> props = config.originalsStrings();
        url = required(props, URL);
        user = props.get(USER);
        password = props.get(PASSWORD);
        relay = required(props, RELAY);
    }

    @Override
    public void start() {
        super.start();
        try {
            withConnection(c -> {
                try (PreparedStatement select = c.prepareStatement(SELECT)) {
                    select.setString(1, relay);
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            ByteBuffer key = ByteBuffer.wrap(rs.getBytes(1));
                            byte[] value = rs.getBytes(2);
                            data.put(key, value == null ? null : ByteBuffer.wrap(value));
                        }
                    }
                }
            });
            stored.putAll(data);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the offsets of relay " + relay, e);
        }
    }

    @Override
    public void stop() {
        super.stop(); // waits for a flush in progress: not while holding this store's lock
        closeConnection();
    }

    /** Called by the base class on its single executor thread after every flush of offsets. */
    @Override
    protected void save() {
        Map<ByteBuffer, ByteBuffer> changed = new HashMap<>();
        data.forEach((key, value) -> {
            if (!stored.containsKey(key) || !Objects.equals(stored.get(key), value)) {
                changed.put(key, value);
            }
        });
        if (changed.isEmpty()) {
            return;
        }
        try {
            withConnection(c -> upsert(c, changed));
            stored.putAll(changed);
        } catch (SQLException e) {
            // the flush fails and the engine flushes again; the unwritten offsets stay changed until then
            throw new IllegalStateException("cannot write the offsets of relay " + relay, e);
        }
    }

    /** One statement per changed offset (the relay has one), not a JDBC batch: pgjdbc fails a batch on a dropped
     * connection with an {@link AssertionError} instead of an {@link SQLException}, which would defeat the reconnect. */
    private void upsert(Connection c, Map<ByteBuffer, ByteBuffer> changed) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement upsert = c.prepareStatement(UPSERT)) {
            for (Map.Entry<ByteBuffer, ByteBuffer> entry : changed.entrySet()) {
                upsert.setString(1, relay);
                upsert.setBytes(2, bytes(entry.getKey()));
                upsert.setBytes(3, entry.getValue() == null ? null : bytes(entry.getValue()));
                upsert.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            rollbackQuietly(c);
            throw e;
        }
    }

    /** Only Kafka Connect's REST offsets API asks this; the embedded engine serves none. */
    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        return Set.of();
    }

    private interface SqlWork {
        void run(Connection connection) throws SQLException;
    }

    /** Runs the work on the open connection; if that fails, once more on a new connection (the old one may be dead). */
    private synchronized void withConnection(SqlWork work) throws SQLException {
        if (connection != null) {
            try {
                work.run(connection);
                return;
            } catch (SQLException e) {
                log.warn("relay {}: offsets connection failed ({}); connecting again", relay, e.getMessage());
                closeConnection();
            }
        }
        connection = DriverManager.getConnection(url, user, password);
        try {
            work.run(connection);
        } catch (SQLException e) {
            closeConnection();
            throw e;
        }
    }

    private synchronized void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("closing the offsets connection", e);
            }
            connection = null;
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            log.debug("rolling back an offsets write", e);
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }

    private static String required(Map<String, String> props, String key) {
        String value = props.get(key);
        if (value == null) {
            throw new IllegalArgumentException("missing relay setting " + key);
        }
        return value;
    }
}
