package io.darktower.commands.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The read models write to the same database as the event store. While no event is stored, the relay's
 * heartbeats must still move its slot forward, or PostgreSQL keeps all that other WAL for it.
 */
class RelayHeartbeatTest {

    @Test
    void theSlotAdvancesWhileOnlyOtherTablesChange() throws Exception {
        Endpoints shared = SharedTestStack.endpoints();
        EventRelayTest.Store store = EventRelayTest.Store.in(shared, "relay_heartbeat");
        Endpoints db = store.endpoints();
        try (EventRelay relay = EventRelay.start(store.relaySettings("relay_heartbeat").withHeartbeatInterval(Duration.ofMillis(500)));
             Connection c = DriverManager.getConnection(db.jdbcUrl(), db.databaseUser(), db.databasePassword())) {
            assertThat(relay.awaitStreaming(Duration.ofSeconds(60))).isTrue();
            store.append(UUID.randomUUID(), 0, 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> relay.published() == 1);
            String before = confirmed(c);

            c.createStatement().execute("CREATE TABLE other_writes (n INT)");
            String written = null;
            for (int i = 0; i < 20; i++) {
                c.createStatement().execute("INSERT INTO other_writes SELECT generate_series(1, 1000)");
                written = one(c, "SELECT pg_current_wal_lsn()::text");
            }
            String target = written;
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> one(c, "SELECT pg_wal_lsn_diff('" + confirmed(c) + "', '" + target + "') >= 0").equals("t"));
            assertThat(one(c, "SELECT pg_wal_lsn_diff('" + confirmed(c) + "', '" + before + "') > 0")).isEqualTo("t");
        }
    }

    private static String confirmed(Connection c) throws Exception {
        return one(c, "SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = 'relay_heartbeat'");
    }

    private static String one(Connection c, String sql) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
