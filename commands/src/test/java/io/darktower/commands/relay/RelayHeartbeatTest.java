package io.darktower.commands.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.darktower.devstack.Sql;
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
        TestEventStore store = TestEventStore.in(shared, "relay_heartbeat");
        Endpoints db = store.endpoints();
        try (EventRelay relay = EventRelay.start(store.relaySettings("relay_heartbeat").withHeartbeatInterval(Duration.ofMillis(500)))) {
            assertThat(relay.awaitStreaming(Duration.ofSeconds(60))).isTrue();
            store.append(UUID.randomUUID(), 0, 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> relay.published() == 1);
            String before = confirmed(db);

            Sql.execute(db, "CREATE TABLE other_writes (n INT)");
            for (int i = 0; i < 20; i++) {
                Sql.execute(db, "INSERT INTO other_writes SELECT generate_series(1, 1000)");
            }
            String written = Sql.one(db, "SELECT pg_current_wal_lsn()::text");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                    Sql.one(db, "SELECT pg_wal_lsn_diff('" + confirmed(db) + "', '" + written + "') >= 0").equals("true"));
            assertThat(Sql.one(db, "SELECT pg_wal_lsn_diff('" + confirmed(db) + "', '" + before + "') > 0")).isEqualTo("true");
        }
    }

    private static String confirmed(Endpoints db) {
        return Sql.one(db, "SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = 'relay_heartbeat'");
    }
}
