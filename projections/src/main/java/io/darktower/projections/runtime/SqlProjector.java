package io.darktower.projections.runtime;

import io.darktower.events.EventEnvelope;
import java.sql.SQLException;
import java.util.List;

/** Turns an event into rows of PostgreSQL tables; called inside the runtime's transaction, in aggregate order. */
public non-sealed interface SqlProjector<E> extends Projector<E> {

    /** The tables this projector writes, parents before children: what a rebuild replaces. */
    List<String> tables();

    void project(E event, EventEnvelope envelope, SqlWriter sql) throws SQLException;
}
