package io.darktower.gateway.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.darktower.events.EventEnvelope;
import org.springframework.http.codec.ServerSentEvent;

/**
 * One of a meeting's events as a live stream sends it, whether it came from Kafka or from the event store.
 *
 * @param sequence the event's sequence within its meeting: the SSE {@code id}, which a client resumes from
 * @param type     the event's wire type, e.g. {@code ParticipantJoined}: the SSE {@code event}
 * @param payload  the event as stored
 */
record LiveEvent(long sequence, String type, JsonNode payload) {

    /**
     * Fields of a payload the stream leaves out: where a participant connected from (IP address, user agent) is
     * for the audit trail, not for the other participants.
     */
    static final String CONNECTION = "connection";

    static LiveEvent of(EventEnvelope envelope) {
        return new LiveEvent(envelope.aggregateSequence(), envelope.eventType(), envelope.payload());
    }

    ServerSentEvent<String> toSse() {
        JsonNode data = payload;
        if (payload instanceof ObjectNode object && object.has(CONNECTION)) {
            data = object.deepCopy().without(CONNECTION);
        }
        return ServerSentEvent.<String>builder()
                .id(Long.toString(sequence))
                .event(type)
                .data(data.toString())
                .build();
    }
}
