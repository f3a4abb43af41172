package io.darktower.readmodel;

import java.time.Duration;
import java.util.UUID;

/**
 * Redis key patterns and TTLs of the seed (DATABASE_SCHEMA.md, "Redis Data Structures"), defined once for every
 * writer: the projections, the gateway (rate limits, token blacklist, cache), the media node (connection tokens)
 * and the telemetry paths (presence, controller capacity).
 */
public final class RedisKeys {

    /** {@code participant:{id}} lives 5 minutes, refreshed by heartbeats. */
    public static final Duration PARTICIPANT_SESSION_TTL = Duration.ofMinutes(5);
    /** {@code meeting:{id}} and {@code meeting:{id}:participants} expire 24 hours after the meeting ends. */
    public static final Duration MEETING_AFTER_END_TTL = Duration.ofHours(24);
    /** {@code stream:{id}} expires 1 hour after the stream ends. */
    public static final Duration STREAM_AFTER_END_TTL = Duration.ofHours(1);
    /** {@code presence:{participant_id}}: no heartbeat for 30 seconds means disconnected. */
    public static final Duration PRESENCE_TTL = Duration.ofSeconds(30);
    /** {@code controller:{id}:capacity} lives 5 minutes, refreshed by the controller's heartbeats. */
    public static final Duration CONTROLLER_CAPACITY_TTL = Duration.ofMinutes(5);
    /** {@code ratelimit:...} counters of per-minute limits live one window. */
    public static final Duration RATE_LIMIT_WINDOW = Duration.ofSeconds(60);
    /** {@code wt:token:{token}} lives 5 minutes and is used once. */
    public static final Duration WEBTRANSPORT_TOKEN_TTL = Duration.ofMinutes(5);

    private RedisKeys() {
    }

    /** Hash: the active meeting's state. */
    public static String meeting(UUID meetingId) {
        return "meeting:" + meetingId;
    }

    /** Set: ids of the participants present in the meeting. */
    public static String meetingParticipants(UUID meetingId) {
        return "meeting:" + meetingId + ":participants";
    }

    /** Hash: one participant session. */
    public static String participant(UUID participantId) {
        return "participant:" + participantId;
    }

    /** Hash: one media stream's metadata. */
    public static String stream(UUID streamId) {
        return "stream:" + streamId;
    }

    /** Set: the stream ids a participant is subscribed to. */
    public static String participantSubscriptions(UUID participantId) {
        return "participant:" + participantId + ":subscriptions";
    }

    /** String: the participant's last heartbeat (epoch seconds); gone after {@link #PRESENCE_TTL}. */
    public static String presence(UUID participantId) {
        return "presence:" + participantId;
    }

    /** Hash: a meeting controller's capacity and health, from its heartbeats. */
    public static String controllerCapacity(String controllerId) {
        return "controller:" + controllerId + ":capacity";
    }

    /**
     * String counter: requests of one caller to one endpoint in one window, e.g.
     * {@code ratelimit:api:meetings:create:user:123:1705411200}.
     *
     * @param endpoint    the limited endpoint, e.g. {@code api:meetings:create}
     * @param identifier  who is counted, e.g. {@code user:123} or {@code ip:10.0.0.1}
     * @param windowStart the window's start, epoch seconds
     */
    public static String rateLimit(String endpoint, String identifier, long windowStart) {
        return "ratelimit:" + endpoint + ":" + identifier + ":" + windowStart;
    }

    /** String (the reason): a revoked token, kept until the token would have expired. */
    public static String tokenBlacklist(String tokenHash) {
        return "token:blacklist:" + tokenHash;
    }

    /** Hash: a one-time WebTransport connection token, {@link #WEBTRANSPORT_TOKEN_TTL}. */
    public static String webTransportToken(String token) {
        return "wt:token:" + token;
    }

    /** String (JSON): the read-through cache of one entity, e.g. {@code cache:meeting:{id}}. */
    public static String cache(CacheType type, String entityId) {
        return "cache:" + type.wire() + ":" + entityId;
    }

    /** The cached entity types and how long each is kept (the seed: 5 to 60 minutes by type). */
    public enum CacheType {
        MEETING("meeting", Duration.ofMinutes(5)),
        USER("user", Duration.ofMinutes(30)),
        RECORDING("recording", Duration.ofMinutes(15)),
        API_KEY("api_key", Duration.ofMinutes(5)),
        CONTROLLER("controller", Duration.ofMinutes(60)),
        MEDIA_HANDLER("media_handler", Duration.ofMinutes(60));

        private final String wire;
        private final Duration ttl;

        CacheType(String wire, Duration ttl) {
            this.wire = wire;
            this.ttl = ttl;
        }

        public String wire() {
            return wire;
        }

        public Duration ttl() {
            return ttl;
        }
    }

    /** Field names of {@code stream:{id}}. */
    public static final class StreamFields {
        public static final String STREAM_ID = "stream_id";
        public static final String PARTICIPANT_ID = "participant_id";
        public static final String MEETING_ID = "meeting_id";
        public static final String STREAM_TYPE = "stream_type";
        public static final String CODEC = "codec";
        public static final String MAX_BITRATE = "max_bitrate";
        public static final String SUBSCRIBERS = "subscribers";
        public static final String CREATED_AT = "created_at";

        private StreamFields() {
        }
    }

    /** Field names of {@code controller:{id}:capacity}. */
    public static final class ControllerCapacityFields {
        public static final String MAX_MEETINGS = "max_meetings";
        public static final String CURRENT_MEETINGS = "current_meetings";
        public static final String MAX_PARTICIPANTS = "max_participants";
        public static final String CURRENT_PARTICIPANTS = "current_participants";
        public static final String HEALTH = "health";
        public static final String LAST_UPDATE = "last_update";

        private ControllerCapacityFields() {
        }
    }

    /** Field names of {@code wt:token:{token}}. */
    public static final class WebTransportTokenFields {
        public static final String PARTICIPANT_ID = "participant_id";
        public static final String MEETING_ID = "meeting_id";
        public static final String CREATED_AT = "created_at";
        public static final String CONNECTION_TYPE = "connection_type";

        private WebTransportTokenFields() {
        }
    }

    /** Field names of {@code meeting:{id}}. */
    public static final class MeetingFields {
        public static final String MEETING_ID = "meeting_id";
        public static final String DISPLAY_NAME = "display_name";
        public static final String STATUS = "status";
        public static final String PARTICIPANT_COUNT = "participant_count";
        public static final String STARTED_AT = "started_at";
        public static final String CONTROLLER_ID = "controller_id";
        public static final String MEDIA_HANDLER_ID = "media_handler_id";

        private MeetingFields() {
        }
    }

    /** Field names of {@code participant:{id}}. */
    public static final class ParticipantFields {
        public static final String PARTICIPANT_ID = "participant_id";
        public static final String MEETING_ID = "meeting_id";
        public static final String USER_ID = "user_id";
        public static final String DISPLAY_NAME = "display_name";
        public static final String JOINED_AT = "joined_at";
        public static final String CONNECTION_STATE = "connection_state";
        public static final String LAST_HEARTBEAT = "last_heartbeat";
        public static final String STREAMS = "streams";

        private ParticipantFields() {
        }
    }
}
