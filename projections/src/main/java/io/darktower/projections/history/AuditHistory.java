package io.darktower.projections.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.darktower.events.Aggregates;
import io.darktower.events.EventEnvelope;
import io.darktower.events.EventJson;
import io.darktower.events.StoredEvent;
import io.darktower.projections.runtime.EventLog;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Audit reconstruction: a meeting's, a user's or an API key's history rebuilt from the event store itself (not from
 * {@code audit_logs}, which is a projection of it), read through {@link EventLog} and decoded by the one envelope
 * mapping ({@link StoredEvent}, {@link EventJson}) every read model is built with: whatever that decoding shows (an
 * erased person, say) the history shows.
 *
 * <p>A meeting's history is its aggregate's events. An API key's is its aggregate's events plus every event caused by a
 * call made with it (the key id its metadata records as {@code actorApiKeyId}), found by index. A user's is their User aggregate's events plus
 * every event that names them, found by index, never by a scan: as the actor in its metadata, as {@code userId} in
 * its payload (their joins and waits, the API keys issued to them), and, in the meetings they joined, the events of
 * those participants (left, admitted, published...). At most {@link #MAX_STEPS} steps.
 */
public final class AuditHistory {

    /** The most steps one history answers; a user active for years is read in bounded pieces with {@code until}. */
    public static final int MAX_STEPS = 10_000;
    /** Payload fields holding sealed secrets: ciphertext has no place in an auditor's copy. */
    private static final Set<String> SEALED = Set.of("passwordHash", "keyHash", "accessToken", "refreshToken");

    private final EventLog log;

    public AuditHistory(EventLog log) {
        this.log = log;
    }

    /** The subject's steps within the bounds, oldest first; empty when the store holds nothing of it. */
    public Optional<List<Step>> of(Subject subject, UUID id, Bounds bounds) throws SQLException {
        List<EventEnvelope> own = log.events(id.toString(), 0, Long.MAX_VALUE).stream()
                .filter(e -> e.aggregateType().equals(subject.aggregateType())).toList(); // the id of another subject: none
        List<EventEnvelope> events = switch (subject) {
            case USER -> withEventsNaming(id, own);
            case API_KEY -> withEventsActedWith(id, own);
            default -> own;
        };
        if (events.isEmpty()) {
            return Optional.empty();
        }
        Object state = States.initial(subject);
        List<Step> steps = new ArrayList<>();
        for (EventEnvelope event : events) {
            if (!bounds.includes(event) || steps.size() == MAX_STEPS) {
                break;
            }
            if (event.aggregateId().equals(id.toString()) && event.aggregateType().equals(subject.aggregateType())) {
                state = States.apply(state, typed(event));
            }
            steps.add(new Step(event.globalPosition(), event.aggregateSequence(), event.occurredAt(),
                    event.aggregateType(), event.aggregateId(), event.eventType(), event.schemaVersion(),
                    Actor.of(event.metadata()), withoutSecrets(event.payload()), state));
        }
        return Optional.of(steps);
    }

    /** The key's own events and those its calls caused, in store order. */
    private List<EventEnvelope> withEventsActedWith(UUID apiKeyId, List<EventEnvelope> own) throws SQLException {
        TreeMap<Long, EventEnvelope> all = new TreeMap<>();
        own.forEach(e -> all.put(e.globalPosition(), e));
        log.actedWithApiKey(apiKeyId.toString(), MAX_STEPS).forEach(e -> all.put(e.globalPosition(), e));
        return new ArrayList<>(all.values());
    }

    /** The user's own events and those naming them, in store order. */
    private List<EventEnvelope> withEventsNaming(UUID userId, List<EventEnvelope> own) throws SQLException {
        TreeMap<Long, EventEnvelope> all = new TreeMap<>();
        own.forEach(e -> all.put(e.globalPosition(), e));
        List<EventEnvelope> naming = log.naming(userId.toString(), MAX_STEPS);
        naming.forEach(e -> all.put(e.globalPosition(), e));
        // the participants they were, per meeting: a kick or a stream of theirs names the participant, not the user
        Map<String, Set<String>> participants = new HashMap<>();
        for (EventEnvelope e : naming) {
            if (e.aggregateType().equals(Aggregates.MEETING.name()) && e.payload().hasNonNull("participantId")
                    && userId.toString().equals(e.payload().path("userId").asText(null))) {
                participants.computeIfAbsent(e.aggregateId(), m -> new HashSet<>()).add(e.payload().get("participantId").asText());
            }
        }
        for (Map.Entry<String, Set<String>> meeting : participants.entrySet()) {
            for (EventEnvelope e : log.events(meeting.getKey(), 0, Long.MAX_VALUE)) {
                if (meeting.getValue().contains(e.payload().path("participantId").asText(null))
                        || meeting.getValue().contains(e.payload().path("subscriberId").asText(null))) {
                    all.put(e.globalPosition(), e);
                }
            }
        }
        return new ArrayList<>(all.values());
    }

    /** The typed event, or null for a type this reader does not know (it is shown, and changes no state). */
    private static Object typed(EventEnvelope event) {
        return event.schemaVersion() == StoredEvent.UNKNOWN_SCHEMA_VERSION ? null : EventJson.payload(event);
    }

    private static JsonNode withoutSecrets(JsonNode payload) {
        if (payload instanceof ObjectNode object && SEALED.stream().anyMatch(object::has)) {
            ObjectNode copy = object.deepCopy();
            SEALED.stream().filter(copy::has).forEach(field -> copy.put(field, copy.get(field).isNull() ? null : "[sealed]"));
            return copy;
        }
        return payload;
    }
}
