package io.darktower.projections.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One step of a history: one stored event, who caused it, and the subject's state after it.
 *
 * @param position      the event store's global index (what {@code ?position=} bounds)
 * @param sequence      the event's sequence within its aggregate
 * @param aggregateType the aggregate the event belongs to; in a user's history, a meeting's or an API key's event
 *                      that names the user is a step too
 * @param event         the payload as stored, sealed secrets left out
 * @param state         the subject's state after this step ({@link MeetingState}, {@link UserState} or
 *                      {@link ApiKeyState}); a step of another aggregate leaves it as it was
 */
public record Step(
        long position,
        long sequence,
        Instant time,
        String aggregateType,
        String aggregateId,
        String eventType,
        int schemaVersion,
        Actor actor,
        JsonNode event,
        Object state) {
}
