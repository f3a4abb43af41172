package io.darktower.projections.runtime;

import io.darktower.events.AggregateType;

/**
 * Maps one aggregate type's events onto a read store, and nothing else: the runtime owns consuming, decoding,
 * batching, transactions, the per-aggregate sequence guard, dead letters, healing and rebuilds. A new projection
 * is one class implementing {@link SqlProjector} or {@link RedisProjector}, listed in {@link Projections}.
 */
public sealed interface Projector<E> permits SqlProjector, RedisProjector {

    /** The consumer group, and the name under which progress, dead letters and metrics are kept. */
    String name();

    AggregateType<E> aggregate();
}
