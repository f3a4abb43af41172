package io.darktower.events;

import java.util.HashMap;
import java.util.Map;

/**
 * Who caused an event and in which request. Travels as Axon message metadata under the {@code KEY_*} names,
 * is stored with the event and is copied into every Kafka envelope. Any field may be null.
 *
 * @param actorType      one of {@code user}, {@code system}, {@code api} (the seed's {@code audit_logs.actor_type})
 * @param actorApiKeyId  the API key the caller presented (as the bearer or through the client-credentials grant),
 *                       so what was done with a key can be found again (audit reconstruction); null otherwise and in
 *                       events stored before it was recorded. Not personal data: it stays in clear through erasure.
 */
public record EventMetadata(
        String actorUserId,
        String actorType,
        String correlationId,
        String causationId,
        String clientIp,
        String userAgent,
        String actorApiKeyId) {

    public static final String KEY_ACTOR_USER_ID = "actorUserId";
    public static final String KEY_ACTOR_TYPE = "actorType";
    public static final String KEY_CORRELATION_ID = "correlationId";
    public static final String KEY_CAUSATION_ID = "causationId";
    public static final String KEY_CLIENT_IP = "clientIp";
    public static final String KEY_USER_AGENT = "userAgent";
    public static final String KEY_ACTOR_API_KEY_ID = "actorApiKeyId";

    public static final String ACTOR_USER = "user";
    public static final String ACTOR_SYSTEM = "system";
    public static final String ACTOR_API = "api";

    /** Metadata of a caller that is not an API key. */
    public EventMetadata(String actorUserId, String actorType, String correlationId, String causationId,
                         String clientIp, String userAgent) {
        this(actorUserId, actorType, correlationId, causationId, clientIp, userAgent, null);
    }

    /** Reads the known keys from a metadata map; unknown keys are ignored. */
    public static EventMetadata fromMap(Map<String, ?> map) {
        return new EventMetadata(
                string(map, KEY_ACTOR_USER_ID),
                string(map, KEY_ACTOR_TYPE),
                string(map, KEY_CORRELATION_ID),
                string(map, KEY_CAUSATION_ID),
                string(map, KEY_CLIENT_IP),
                string(map, KEY_USER_AGENT),
                string(map, KEY_ACTOR_API_KEY_ID));
    }

    /** The non-null fields under their {@code KEY_*} names. */
    public Map<String, String> toMap() {
        Map<String, String> map = new HashMap<>();
        putIfPresent(map, KEY_ACTOR_USER_ID, actorUserId);
        putIfPresent(map, KEY_ACTOR_TYPE, actorType);
        putIfPresent(map, KEY_CORRELATION_ID, correlationId);
        putIfPresent(map, KEY_CAUSATION_ID, causationId);
        putIfPresent(map, KEY_CLIENT_IP, clientIp);
        putIfPresent(map, KEY_USER_AGENT, userAgent);
        putIfPresent(map, KEY_ACTOR_API_KEY_ID, actorApiKeyId);
        return map;
    }

    private static String string(Map<String, ?> map, String key) {
        Object value = map.get(key);
        return value == null ? null : value.toString();
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
