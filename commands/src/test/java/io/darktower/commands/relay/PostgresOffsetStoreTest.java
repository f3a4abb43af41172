package io.darktower.commands.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.darktower.devstack.Sql;
import io.debezium.embedded.EmbeddedWorkerConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay's offsets in PostgreSQL, where several relays (one replication slot each) share one table: a relay
 * reads and writes only its own rows, writes only what changed, and does so over one connection of its own,
 * opened with the configured URL as it is, and opened again when it breaks.
 */
class PostgresOffsetStoreTest {

    private static final String APPLICATION = "dt_offset_store_test";

    private Endpoints db;
    private PostgresOffsetStore store;

    @BeforeEach
    void database() {
        db = TestEventStore.in(SharedTestStack.endpoints(), "relay_offset_store").endpoints();
        Sql.execute(db, "DELETE FROM event_store.relay_offsets");
        Sql.execute(db, "INSERT INTO event_store.relay_offsets (relay_name, offset_key, offset_value, updated_at) "
                + "VALUES ('other_relay', 'shared-key'::bytea, 'theirs'::bytea, '2020-01-01T00:00:00Z')");
    }

    @AfterEach
    void stop() {
        if (store != null) {
            store.stop();
        }
    }

    @Test
    void aRelayReadsAndWritesOnlyItsOwnRows() throws Exception {
        String theirsBefore = row("other_relay", "shared-key");
        store = started("my_relay");

        assertThat(store.get(List.of(bytes("shared-key"))).get()).as("another relay's offsets are not loaded")
                .containsEntry(bytes("shared-key"), null);
        store.set(Map.of(bytes("shared-key"), bytes("mine")), null).get();

        assertThat(row("my_relay", "shared-key")).startsWith("mine@");
        assertThat(row("other_relay", "shared-key")).as("another relay's row, with the very same key, untouched")
                .isEqualTo(theirsBefore);
        store.stop();
        store = started("my_relay");
        assertThat(store.get(List.of(bytes("shared-key"))).get()).as("read back after a restart")
                .containsEntry(bytes("shared-key"), bytes("mine"));
    }

    @Test
    void aFlushWritesOnlyTheOffsetsThatChanged() throws Exception {
        store = started("my_relay");
        store.set(Map.of(bytes("a"), bytes("1"), bytes("b"), bytes("1")), null).get();
        String a1 = row("my_relay", "a");
        String b1 = row("my_relay", "b");

        store.set(Map.of(bytes("a"), bytes("2")), null).get();
        assertThat(row("my_relay", "a")).startsWith("2@").isNotEqualTo(a1);
        assertThat(row("my_relay", "b")).as("unchanged, not written again").isEqualTo(b1);

        String a2 = row("my_relay", "a");
        store.set(Map.of(bytes("a"), bytes("2")), null).get();
        assertThat(row("my_relay", "a")).as("the same value again: nothing written").isEqualTo(a2);
    }

    @Test
    void itKeepsOneConnectionOpenAndOpensAnotherWhenThatOneBreaks() throws Exception {
        store = started("my_relay");
        String pid = onlyConnection();
        for (int i = 0; i < 5; i++) {
            store.set(Map.of(bytes("a"), bytes("v" + i)), null).get();
        }
        assertThat(onlyConnection()).as("every flush on the same connection").isEqualTo(pid);

        Sql.execute(db, "SELECT pg_terminate_backend(" + pid + ")");
        store.set(Map.of(bytes("a"), bytes("after")), null).get();
        assertThat(row("my_relay", "a")).startsWith("after@");
        assertThat(onlyConnection()).as("a new connection replaced the broken one").isNotEqualTo(pid);

        store.stop();
        store = null;
        await().atMost(Duration.ofSeconds(10)).until(() -> connections().isEmpty());
    }

    private PostgresOffsetStore started(String relay) {
        PostgresOffsetStore offsets = new PostgresOffsetStore();
        offsets.configure(new EmbeddedWorkerConfig(new HashMap<>(Map.of(
                // an option of the configured URL: it shows the store connects with the URL as given
                PostgresOffsetStore.URL, db.jdbcUrl() + "?ApplicationName=" + APPLICATION,
                PostgresOffsetStore.USER, db.databaseUser(),
                PostgresOffsetStore.PASSWORD, db.databasePassword(),
                PostgresOffsetStore.RELAY, relay))));
        offsets.start();
        return offsets;
    }

    /** A row's value and transaction id: the id changes whenever the row is written, even with the same value. */
    private String row(String relay, String key) {
        return Sql.one(db, "SELECT convert_from(offset_value, 'UTF8') || '@' || xmin::text FROM event_store.relay_offsets "
                + "WHERE relay_name = '" + relay + "' AND offset_key = '" + key + "'::bytea");
    }

    private List<String> connections() {
        return Sql.strings(db, "SELECT pid FROM pg_stat_activity WHERE application_name = '" + APPLICATION + "'");
    }

    private String onlyConnection() {
        List<String> pids = connections();
        assertThat(pids).as("one connection").hasSize(1);
        return pids.get(0);
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
