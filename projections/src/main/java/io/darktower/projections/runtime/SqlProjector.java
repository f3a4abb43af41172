package io.darktower.projections.runtime;

import io.darktower.events.EventEnvelope;
import java.sql.SQLException;
import io.darktower.readmodel.RedisKeys;
import java.util.List;
import java.util.Optional;

/** Turns an event into rows of PostgreSQL tables; called inside the runtime's transaction, in aggregate order. */
public non-sealed interface SqlProjector<E> extends Projector<E> {

    /** The tables this projector writes, parents before children: what a rebuild replaces. */
    List<String> tables();

    void project(E event, EventEnvelope envelope, SqlWriter sql) throws SQLException;

    /**
     * The rows of {@code table} that the event log accounts for, as a SQL condition: a rebuild replaces these and keeps
     * the others. Every row, unless the projector also writes rows from a source the event store does not hold (the
     * audit trail's refusal records, which arrive on Kafka only), which a rebuild could not bring back.
     */
    default String rowsFromTheLog(String table) {
        return "TRUE";
    }

    /**
     * The read-through cache entries ({@code cache:{type}:{aggregate id}}) the queries keep of what this projector
     * writes: the runtime drops an aggregate's entry once its new rows are committed. None by default.
     */
    default Optional<RedisKeys.CacheType> cached() {
        return Optional.empty();
    }
}
