package io.darktower.gateway.live;

import io.darktower.events.EventCatalog;
import io.darktower.events.EventJson;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A meeting's events read from the event store (the write side's own reader, Axon's {@link EventStore}): what a live
 * stream sends from before it was connected, and whatever Kafka has not brought it yet. The payload is the stored
 * event as the shared event JSON writes it, so it equals what the relay published.
 */
@Component
class MeetingHistory {

    private final EventStore store;

    MeetingHistory(EventStore store) {
        this.store = store;
    }

    /** The meeting's events after sequence {@code after}, in order, read lazily off the event loop. */
    Flux<LiveEvent> after(String meetingId, long after) {
        return Flux.<LiveEvent, DomainEventStream>generate(() -> store.readEvents(meetingId, after + 1), (events, sink) -> {
                    if (events.hasNext()) {
                        sink.next(of(events.next()));
                    } else {
                        sink.complete();
                    }
                    return events;
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** The sequence of the meeting's last event, -1 when it has none. */
    Mono<Long> lastSequence(String meetingId) {
        return Mono.fromCallable(() -> store.lastSequenceNumberFor(meetingId).orElse(-1L))
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static LiveEvent of(DomainEventMessage<?> message) {
        Object payload = message.getPayload();
        return new LiveEvent(message.getSequenceNumber(), EventCatalog.typeOf(payload.getClass()).name(),
                EventJson.mapper().valueToTree(payload));
    }
}
