package io.darktower.projections.runtime;

import io.darktower.events.AggregateType;
import java.util.List;

/**
 * Maps one aggregate type's events onto a read store, and nothing else: the runtime owns consuming, decoding,
 * batching, transactions, the per-aggregate sequence guard, dead letters, healing and rebuilds. A new projection
 * is one class implementing {@link SqlProjector} or {@link RedisProjector}, listed in {@link Projections}.
 *
 * <p>A projector reads one aggregate type ({@link #aggregate()}) or several ({@link #aggregates()}, e.g. the audit
 * trail over {@code Aggregates.ALL}); its event type {@code E} is then a common supertype of their events.
 */
public sealed interface Projector<E> permits SqlProjector, RedisProjector {

    /** The consumer group, and the name under which progress, dead letters and metrics are kept. */
    String name();

    /** The aggregate type a projector of one type reads. A projector of several declares {@link #aggregates()} instead. */
    default AggregateType<E> aggregate() {
        throw new UnsupportedOperationException(name() + " reads several aggregate types: see aggregates()");
    }

    /**
     * Every aggregate type this projector reads: their topics are consumed, their events decoded, healed and rebuilt
     * from the event log. Aggregate ids are UUIDs, so one sequence guard per aggregate id serves all of them.
     */
    default List<AggregateType<? extends E>> aggregates() {
        return List.of(aggregate());
    }

    /**
     * Whether an event of a type this reader does not know (written by a newer write side, or of a class since
     * renamed), or whose payload does not fit its class, reaches the projector as its raw JSON payload (a
     * {@code JsonNode}) instead of parking its aggregate until the reader is upgraded. Only for projectors that record envelopes rather than interpret events (the audit
     * trail); their event type {@code E} is {@code Object}.
     */
    default boolean projectsUnknownEvents() {
        return false;
    }
}
