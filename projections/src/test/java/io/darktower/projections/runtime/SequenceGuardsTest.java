package io.darktower.projections.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darktower.devstack.Databases;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.darktower.projections.runtime.RedisSequencedWriter.Op;
import io.darktower.projections.runtime.RedisSequencedWriter.Write;
import io.lettuce.core.RedisClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Exactly-once in effect: the next event applies, a repeated one does not, a missing one stops the projection. */
class SequenceGuardsTest {

    @Test
    void postgresGuardAppliesTheNextSkipsRepeatsAndRefusesGaps() throws Exception {
        Endpoints db = Databases.create(SharedTestStack.endpoints(), "guard_test");
        ReadModelSchema.migrate(db.jdbcUrl(), db.databaseUser(), db.databasePassword());
        SqlSequenceGuard guard = new SqlSequenceGuard("guard-test");
        String aggregate = UUID.randomUUID().toString();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.databaseUser(), db.databasePassword())) {
            assertThatThrownBy(() -> guard.advance(c, aggregate, 1)).isInstanceOf(SequenceGap.class);
            assertThat(guard.advance(c, aggregate, 0)).isTrue();
            assertThat(guard.advance(c, aggregate, 1)).isTrue();
            assertThat(guard.advance(c, aggregate, 1)).isFalse();
            assertThat(guard.advance(c, aggregate, 0)).isFalse();
            assertThatThrownBy(() -> guard.advance(c, aggregate, 3)).isInstanceOf(SequenceGap.class)
                    .hasMessageContaining("last applied sequence 1 but sequence 3 arrived");
        }
    }

    @Test
    void redisWriterAppliesTheNextSkipsRepeatsAndRefusesGaps() throws Exception {
        RedisClient client = RedisClient.create(SharedTestStack.endpoints().redisUri());
        try (var connection = client.connect()) {
            RedisSequencedWriter writer = new RedisSequencedWriter("guard-test", connection);
            String aggregate = UUID.randomUUID().toString();
            String seq = "test:" + aggregate + ":seq";
            String counter = "test:" + UUID.randomUUID() + ":counter";
            Write first = new Write(aggregate, seq, 0, List.of(Op.of("INCRBY", counter, "1")));
            Write second = new Write(aggregate, seq, 1, List.of(Op.of("INCRBY", counter, "10"), Op.of("EXPIRE", seq, "60")));

            writer.apply(List.of(first, second, first, second));
            assertThat(connection.sync().get(counter)).isEqualTo("11");
            assertThat(connection.sync().get(seq)).isEqualTo("1");
            assertThat(connection.sync().ttl(seq)).as("a TTL set by the event survives the sequence update").isBetween(50L, 60L);

            Write fourth = new Write(aggregate, seq, 3, List.of(Op.of("INCRBY", counter, "100")));
            assertThatThrownBy(() -> writer.apply(List.of(fourth))).isInstanceOf(SequenceGap.class)
                    .hasMessageContaining("aggregate " + aggregate + " last applied sequence 1 but sequence 3 arrived");
            assertThat(connection.sync().get(counter)).isEqualTo("11");
        } finally {
            client.shutdown();
        }
    }
}
