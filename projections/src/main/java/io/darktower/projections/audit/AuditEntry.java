package io.darktower.projections.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.darktower.events.EventEnvelope;
import io.darktower.events.EventJson;
import io.darktower.events.EventMetadata;
import io.darktower.events.audit.AuditRecords;
import io.darktower.events.audit.CommandRefused;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One row of the seed's {@code audit_logs}, derived from an envelope alone: the audit trail records what happened
 * without interpreting each event, so every event type of every aggregate — present, future, or unknown to this
 * reader — maps the same way, and nothing is listed by hand. Every value is made storable here (NUL-free, within the
 * column's size, an address PostgreSQL accepts or none), so no event can fail its row.
 */
record AuditEntry(
        String eventType,
        UUID actorUserId,
        String actorType,
        String targetType,
        String targetId,
        String action,
        String result,
        String errorMessage,
        String ipAddress,
        String userAgent,
        String metadata,
        Instant createdAt) {

    static final String SUCCESS = "success";
    static final String FAILURE = "failure";
    /** The seed's {@code actor_type} values. */
    private static final Set<String> ACTOR_TYPES =
            Set.of(EventMetadata.ACTOR_USER, EventMetadata.ACTOR_SYSTEM, EventMetadata.ACTOR_API);
    /** Events named {@code …Failed} record an attempt that failed (a failed login): audited as a failure. */
    private static final String FAILED_SUFFIX = "Failed";
    /** Payload fields, in order of preference, that explain a failed attempt. */
    private static final List<String> FAILURE_FIELDS = List.of("errorMessage", "error", "failureReason", "reason");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final char REPLACEMENT = '\uFFFD';

    /** The row of an event of any aggregate type. */
    static AuditEntry ofEvent(EventEnvelope envelope) {
        String name = simpleName(envelope.eventType());
        String eventType = snakeCase(name);
        // a refusal whose payload did not decode arrives here raw: still a failure
        boolean failed = name.endsWith(FAILED_SUFFIX) || AuditRecords.REFUSAL.owns(envelope);
        return of(envelope, eventType, envelope.aggregateType(), envelope.aggregateId(),
                action(envelope.aggregateType(), eventType), failed ? FAILURE : SUCCESS,
                failed ? failureOf(envelope.payload()) : null);
    }

    /** The row of a refused command: the target is what the command aimed at, the action what it attempted. */
    static AuditEntry ofRefusal(CommandRefused refusal, EventEnvelope envelope) {
        String targetType = refusal.targetType() == null ? envelope.aggregateType() : refusal.targetType();
        return of(envelope, snakeCase(simpleName(envelope.eventType())), targetType, refusal.targetId(),
                action(targetType, snakeCase(simpleName(refusal.command()))), FAILURE,
                refusal.reason() + (refusal.message() == null ? "" : ": " + refusal.message()));
    }

    private static AuditEntry of(EventEnvelope envelope, String eventType, String targetType, String targetId,
                                 String action, String result, String errorMessage) {
        EventMetadata meta = envelope.metadata();
        UUID actor = uuidOrNull(meta.actorUserId());
        return new AuditEntry(
                limit(eventType, 50),
                actor,
                actorType(meta.actorType(), actor),
                limit(clean(targetType), 50),
                limit(clean(targetId), 255),
                limit(action, 100),
                result,
                clean(errorMessage),
                inetOrNull(meta.clientIp()),
                clean(meta.userAgent()),
                metadataJson(envelope),
                envelope.occurredAt());
    }

    /** {@code ParticipantJoined} → {@code participant_joined}; {@code APIKeyIssued} → {@code api_key_issued}. */
    static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                char before = name.charAt(i - 1);
                boolean acronymEnds = Character.isUpperCase(before) && i + 1 < name.length()
                        && Character.isLowerCase(name.charAt(i + 1));
                if (Character.isLowerCase(before) || Character.isDigit(before) || acronymEnds) {
                    out.append('_');
                }
            }
            out.append(Character.isLetterOrDigit(c) && c < 128 ? Character.toLowerCase(c) : '_');
        }
        return out.toString().replaceAll("_+", "_").replaceAll("^_|_$", "");
    }

    /**
     * {@code target.rest}, where rest is the name without the target's own words: {@code meeting_created} on a
     * meeting → {@code meeting.created}, {@code participant_joined} → {@code meeting.participant_joined},
     * {@code end_meeting} (a command) → {@code meeting.end}. Events name facts (past tense), refused commands the
     * attempt: an English past tense does not reliably give back its verb ({@code Left}, {@code Created}).
     */
    static String action(String targetType, String snakeName) {
        if (targetType == null || targetType.isBlank()) {
            return snakeName;
        }
        String target = snakeCase(targetType);
        List<String> words = new ArrayList<>(Arrays.asList(snakeName.split("_")));
        List<String> own = Arrays.asList(target.split("_"));
        int at = Collections.indexOfSubList(words, own);
        if (at >= 0 && words.size() > own.size()) {
            words.subList(at, at + own.size()).clear();
        }
        return target + "." + String.join("_", words);
    }

    /** The event's name without a package: an unknown type travels under its stored Java class name. */
    private static String simpleName(String eventType) {
        int cut = Math.max(eventType.lastIndexOf('.'), eventType.lastIndexOf('$'));
        return eventType.substring(cut + 1);
    }

    private static String actorType(String declared, UUID actor) {
        if (declared != null && ACTOR_TYPES.contains(declared)) {
            return declared;
        }
        return actor != null ? EventMetadata.ACTOR_USER : EventMetadata.ACTOR_SYSTEM;
    }

    private static String failureOf(JsonNode payload) {
        for (String field : FAILURE_FIELDS) {
            JsonNode value = payload.get(field);
            if (value != null && value.isValueNode() && !value.isNull()) {
                return value.asText();
            }
        }
        return null;
    }

    private static UUID uuidOrNull(String value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null; // kept as it came in the row's metadata
        }
    }

    /**
     * The address if PostgreSQL's {@code inet} takes it, else null (it stays in the row's metadata as it came). Checked
     * without any name lookup: IPv4 by pattern, IPv6 as a bracketed literal, which {@link InetAddress} parses only.
     */
    static String inetOrNull(String ip) {
        if (ip == null) {
            return null;
        }
        if (IPV4.matcher(ip).matches()) {
            return ip;
        }
        if (ip.indexOf(':') >= 0 && IPV6_CHARACTERS.matcher(ip).matches()) {
            try {
                InetAddress.getByName("[" + ip + "]");
                return ip;
            } catch (UnknownHostException e) {
                return null;
            }
        }
        return null;
    }

    /** The payload and the envelope's ids: what happened, to what, in which request. */
    private static String metadataJson(EventEnvelope envelope) {
        EventMetadata meta = envelope.metadata();
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("eventId", envelope.eventId());
        json.put("eventType", envelope.eventType());
        json.put("schemaVersion", envelope.schemaVersion());
        json.put("aggregateType", envelope.aggregateType());
        json.put("aggregateId", envelope.aggregateId());
        json.put("sequence", envelope.aggregateSequence());
        json.put("globalPosition", envelope.globalPosition());
        json.put("correlationId", meta.correlationId());
        json.put("causationId", meta.causationId());
        if (meta.actorUserId() != null && uuidOrNull(meta.actorUserId()) == null) {
            json.put("actorUserId", meta.actorUserId());
        }
        if (meta.clientIp() != null && inetOrNull(meta.clientIp()) == null) {
            json.put("clientIp", meta.clientIp());
        }
        json.set("payload", envelope.payload());
        try {
            return EventJson.mapper().writeValueAsString(storable(json));
        } catch (JsonProcessingException e) {
            // cannot happen for a tree of plain nodes; a row without its details beats no row
            return "{\"eventId\":" + TextNode.valueOf(clean(envelope.eventId())) + "}";
        }
    }

    /** A copy of the tree without NUL in any name or text: {@code jsonb} refuses {@code \u0000}. */
    private static JsonNode storable(JsonNode node) {
        if (node.isTextual()) {
            String text = node.textValue();
            return text.indexOf('\0') < 0 ? node : TextNode.valueOf(clean(text));
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                copy.set(clean(field.getKey()), storable(field.getValue()));
            }
            return copy;
        }
        if (node.isArray()) {
            var copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(storable(element)));
            return copy;
        }
        return node;
    }

    /** NUL, which no PostgreSQL text can hold, becomes U+FFFD. */
    static String clean(String value) {
        return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', REPLACEMENT);
    }

    private static String limit(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, end);
    }
}
