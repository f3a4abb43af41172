package io.darktower.readmodel;

import java.time.Duration;
import java.util.UUID;

/** Redis key patterns and TTLs of the seed (DATABASE_SCHEMA.md, "Redis Data Structures"), defined once. */
public final class RedisKeys {

    /** {@code participant:{id}} lives 5 minutes, refreshed by heartbeats. */
    public static final Duration PARTICIPANT_SESSION_TTL = Duration.ofMinutes(5);
    /** {@code meeting:{id}} and {@code meeting:{id}:participants} expire 24 hours after the meeting ends. */
    public static final Duration MEETING_AFTER_END_TTL = Duration.ofHours(24);

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
