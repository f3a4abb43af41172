package io.darktower.commands.relay;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;

/**
 * Keeps the relay's change-data-capture offsets in PostgreSQL ({@code event_store.relay_offsets}) beside the
 * events they point into, so any node can take the relay over and a restart resumes where the last flush was.
 * Debezium instantiates it by class name and passes its properties through {@link #configure(WorkerConfig)}.
 */
public final class PostgresOffsetStore extends MemoryOffsetBackingStore {

    static final String URL = "offset.storage.jdbc.url";
    static final String USER = "offset.storage.jdbc.user";
    static final String PASSWORD = "offset.storage.jdbc.password";

    private String url;
    private String user;
    private String password;

    @Override
    public void configure(WorkerConfig config) {
        super.configure(config);
        Map<String, String> props = config.originalsStrings();
        url = required(props, URL);
        user = required(props, USER);
        password = required(props, PASSWORD);
    }

    @Override
    public synchronized void start() {
        super.start();
        try (Connection c = connect();
             ResultSet rs = c.createStatement().executeQuery("SELECT offset_key, offset_value FROM event_store.relay_offsets")) {
            while (rs.next()) {
                byte[] value = rs.getBytes(2);
                data.put(ByteBuffer.wrap(rs.getBytes(1)), value == null ? null : ByteBuffer.wrap(value));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read relay offsets", e);
        }
    }

    /** Called by the base class on its executor after every flush of offsets. */
    @Override
    protected void save() {
        try (Connection c = connect();
             PreparedStatement upsert = c.prepareStatement("""
                     INSERT INTO event_store.relay_offsets (offset_key, offset_value, updated_at) VALUES (?, ?, NOW())
                     ON CONFLICT (offset_key) DO UPDATE SET offset_value = EXCLUDED.offset_value, updated_at = NOW()""")) {
            for (Map.Entry<ByteBuffer, ByteBuffer> entry : data.entrySet()) {
                upsert.setBytes(1, bytes(entry.getKey()));
                upsert.setBytes(2, entry.getValue() == null ? null : bytes(entry.getValue()));
                upsert.addBatch();
            }
            upsert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write relay offsets", e);
        }
    }

    /** Only Kafka Connect's REST offsets API asks this; the embedded engine serves none. */
    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        return Set.of();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
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
