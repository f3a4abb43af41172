package io.darktower.projections.meeting;

import static io.darktower.projections.runtime.RedisWrites.Op.del;
import static io.darktower.projections.runtime.RedisWrites.Op.expireAt;
import static io.darktower.projections.runtime.RedisWrites.Op.hincrby;
import static io.darktower.projections.runtime.RedisWrites.Op.hset;
import static io.darktower.projections.runtime.RedisWrites.Op.sadd;
import static io.darktower.projections.runtime.RedisWrites.Op.srem;

import io.darktower.events.AggregateType;
import io.darktower.events.Aggregates;
import io.darktower.events.EventEnvelope;
import io.darktower.events.meeting.MeetingCreated;
import io.darktower.events.meeting.MeetingEnded;
import io.darktower.events.meeting.MeetingEvent;
import io.darktower.events.meeting.MeetingStarted;
import io.darktower.events.meeting.ParticipantJoined;
import io.darktower.events.meeting.ParticipantLeft;
import io.darktower.projections.runtime.RedisProjector;
import io.darktower.projections.runtime.RedisWrites;
import io.darktower.readmodel.MeetingStatus;
import io.darktower.readmodel.RedisKeys;
import io.darktower.readmodel.RedisKeys.MeetingFields;
import io.darktower.readmodel.RedisKeys.ParticipantFields;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The seed's live meeting state in Redis: {@code meeting:{id}}, {@code meeting:{id}:participants} and
 * {@code participant:{id}}, with their TTLs as deadlines derived from the events (a participant session 5 minutes
 * after its join, a meeting's keys 24 hours after its end), so a replay sets the same deadlines as the live run.
 * Fields without a value (no controller assigned yet, a guest's user id) are left out: a Redis hash cannot hold a null.
 */
public final class MeetingRedisProjector implements RedisProjector<MeetingEvent> {

    public static final String NAME = "meeting-redis";
    /** The seed's participant session always starts connected, with no streams published. */
    static final String CONNECTED = "connected";
    static final String NO_STREAMS = "[]";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AggregateType<MeetingEvent> aggregate() {
        return Aggregates.MEETING;
    }

    @Override
    public List<String> keysOf(String aggregateId) {
        UUID meetingId = UUID.fromString(aggregateId);
        return List.of(RedisKeys.meeting(meetingId), RedisKeys.meetingParticipants(meetingId));
    }

    @Override
    public RedisWrites project(MeetingEvent event, EventEnvelope envelope) {
        String meeting = RedisKeys.meeting(event.meetingId());
        String participants = RedisKeys.meetingParticipants(event.meetingId());
        return switch (event) {
            case MeetingCreated e -> RedisWrites.of(hset(meeting, Map.of(
                    MeetingFields.MEETING_ID, e.meetingId().toString(),
                    MeetingFields.DISPLAY_NAME, e.displayName(),
                    MeetingFields.STATUS, MeetingStatus.SCHEDULED.wire(),
                    MeetingFields.PARTICIPANT_COUNT, "0")));
            case MeetingStarted e -> RedisWrites.of(hset(meeting, Map.of(
                    MeetingFields.STATUS, MeetingStatus.ACTIVE.wire(),
                    MeetingFields.STARTED_AT, epochSeconds(e.startedAt()))));
            case ParticipantJoined e -> {
                String participant = RedisKeys.participant(e.participantId());
                Map<String, String> fields = new LinkedHashMap<>();
                fields.put(ParticipantFields.PARTICIPANT_ID, e.participantId().toString());
                fields.put(ParticipantFields.MEETING_ID, e.meetingId().toString());
                if (e.userId() != null) {
                    fields.put(ParticipantFields.USER_ID, e.userId().toString());
                }
                fields.put(ParticipantFields.DISPLAY_NAME, e.displayName());
                fields.put(ParticipantFields.JOINED_AT, epochSeconds(e.joinedAt()));
                fields.put(ParticipantFields.CONNECTION_STATE, CONNECTED);
                fields.put(ParticipantFields.LAST_HEARTBEAT, epochSeconds(e.joinedAt()));
                fields.put(ParticipantFields.STREAMS, NO_STREAMS);
                yield RedisWrites.of(
                        hset(participant, fields),
                        expireAt(participant, e.joinedAt(), RedisKeys.PARTICIPANT_SESSION_TTL),
                        sadd(participants, e.participantId().toString()),
                        hincrby(meeting, MeetingFields.PARTICIPANT_COUNT, 1));
            }
            case ParticipantLeft e -> RedisWrites.of(
                    del(RedisKeys.participant(e.participantId())),
                    srem(participants, e.participantId().toString()),
                    hincrby(meeting, MeetingFields.PARTICIPANT_COUNT, -1));
            case MeetingEnded e -> {
                Instant expiry = e.endedAt().plus(RedisKeys.MEETING_AFTER_END_TTL);
                yield RedisWrites.expiringAt(expiry,
                        hset(meeting, Map.of(MeetingFields.STATUS, MeetingStatus.ENDED.wire())),
                        expireAt(meeting, expiry),
                        expireAt(participants, expiry));
            }
        };
    }

    private static String epochSeconds(Instant instant) {
        return Long.toString(instant.getEpochSecond());
    }
}
