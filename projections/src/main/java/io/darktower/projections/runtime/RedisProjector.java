package io.darktower.projections.runtime;

import io.darktower.events.EventEnvelope;
import java.util.List;

/**
 * Turns an event into Redis commands. Prefer absolute writes (HSET, DEL, EXPIREAT at a time derived from the event)
 * so that replaying an aggregate from its first event reproduces its keys exactly, whenever it runs.
 */
public non-sealed interface RedisProjector<E> extends Projector<E> {

    RedisWrites project(E event, EventEnvelope envelope);

    /** The keys holding an aggregate's state that are dropped before it is replayed from its first event. */
    List<String> keysOf(String aggregateId);
}
