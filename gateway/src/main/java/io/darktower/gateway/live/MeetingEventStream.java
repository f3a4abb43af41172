package io.darktower.gateway.live;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One client's live stream of a meeting: every event after the one it names, once each, in the meeting's order. Events
 * come from the shared {@link MeetingEventFeed} as they happen; the stream sends one only when it follows the last one
 * sent (its sequence is the next), drops what it has sent already (Kafka delivers at least once), and reads whatever
 * lies between from the event store ({@link MeetingHistory}). The store is also read when the stream starts (the
 * events after {@code Last-Event-ID}) and at every heartbeat, so an event the feed missed is sent within one
 * heartbeat even when no later event comes to reveal the gap.
 */
@Component
class MeetingEventStream {

    /** "Nothing sent yet, and no resume point": the stream starts after the meeting's last event at connection. */
    static final long NOW = Long.MIN_VALUE;
    /** Events the feed may hold for one slow client; beyond, the stream ends and the client resumes. */
    private static final int MAX_PENDING = 10_000;

    private final MeetingEventFeed feed;
    private final MeetingHistory history;
    private final Duration heartbeat;

    MeetingEventStream(MeetingEventFeed feed, MeetingHistory history,
                       @Value("${darktower.live.heartbeat:15s}") Duration heartbeat) {
        this.feed = feed;
        this.history = history;
        this.heartbeat = heartbeat;
    }

    /** What the stream reacts to, one at a time in arrival order. */
    private sealed interface Step permits Arrived, Catch {
    }

    /** An event the feed brought. */
    private record Arrived(LiveEvent event) implements Step {
    }

    /** Time to read the store: at the start ({@code beat} false) or at a heartbeat (then also a comment). */
    private record Catch(boolean beat) implements Step {
    }

    /** The last sequence sent; only the serial steps touch it. */
    private static final class Cursor {
        volatile long last;

        Cursor(long last) {
            this.last = last;
        }
    }

    /**
     * @param after the last event the client has ({@code Last-Event-ID}), -1 for all from the first, or {@link #NOW}
     */
    Flux<ServerSentEvent<String>> events(String meetingId, long after) {
        return Flux.defer(() -> {
            Cursor cursor = new Cursor(after);
            // the feed first: whatever is written from here on reaches this stream, through it or the reads below
            Flux<Step> arrived = feed.events(meetingId).onBackpressureBuffer(MAX_PENDING)
                    .map(envelope -> new Arrived(LiveEvent.of(envelope)));
            Flux<Step> start = feed.positioned().timeout(heartbeat, Mono.just(false)).<Step>map(positioned -> new Catch(false)).flux();
            Flux<Step> beats = Flux.interval(heartbeat, heartbeat).map(tick -> new Catch(true));
            return Flux.merge(arrived, start, beats)
                    .concatMap(step -> switch (step) {
                        case Arrived a -> arrived(meetingId, cursor, a.event());
                        case Catch c when c.beat() -> catchUp(meetingId, cursor)
                                .concatWith(Mono.just(ServerSentEvent.<String>builder().comment("heartbeat").build()));
                        case Catch c -> catchUp(meetingId, cursor)
                                .startWith(ServerSentEvent.<String>builder().comment("connected").build());
                    });
        });
    }

    private Flux<ServerSentEvent<String>> arrived(String meetingId, Cursor cursor, LiveEvent event) {
        if (cursor.last == NOW) {
            cursor.last = event.sequence() - 1; // the first event since connection: the stream starts there
        }
        if (event.sequence() <= cursor.last) {
            return Flux.empty();
        }
        if (event.sequence() == cursor.last + 1) {
            cursor.last = event.sequence();
            return Flux.just(event.toSse());
        }
        // a gap: what lies between is in the store, and so is this event
        return read(meetingId, cursor, event.sequence());
    }

    private Flux<ServerSentEvent<String>> catchUp(String meetingId, Cursor cursor) {
        Mono<Long> from = cursor.last == NOW ? history.lastSequence(meetingId) : Mono.just(cursor.last);
        return from.flatMapMany(last -> {
            cursor.last = Math.max(cursor.last, last);
            return read(meetingId, cursor, Long.MAX_VALUE);
        });
    }

    /** The stored events after the last sent, up to {@code upTo}, each sent only if it is the next. */
    private Flux<ServerSentEvent<String>> read(String meetingId, Cursor cursor, long upTo) {
        long after = cursor.last;
        return history.after(meetingId, after)
                .takeWhile(event -> event.sequence() <= upTo)
                .filter(event -> event.sequence() == cursor.last + 1)
                .doOnNext(event -> cursor.last = event.sequence())
                .map(LiveEvent::toSse);
    }
}
