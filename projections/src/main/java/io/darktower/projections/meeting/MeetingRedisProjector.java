package io.darktower.projections.meeting;

import static io.darktower.projections.runtime.RedisWrites.Op.del;
import static io.darktower.projections.runtime.RedisWrites.Op.expireAt;
import static io.darktower.projections.runtime.RedisWrites.Op.hincrby;
import static io.darktower.projections.runtime.RedisWrites.Op.hset;
import static io.darktower.projections.runtime.RedisWrites.Op.hsetIfExists;
import static io.darktower.projections.runtime.RedisWrites.Op.sadd;
import static io.darktower.projections.runtime.RedisWrites.Op.srem;

import io.darktower.events.AggregateType;
import io.darktower.events.Aggregates;
import io.darktower.events.EventEnvelope;
import io.darktower.events.meeting.ControllerAssigned;
import io.darktower.events.meeting.MediaHandlerAssigned;
import io.darktower.events.meeting.MeetingCreated;
import io.darktower.events.meeting.MeetingEnded;
import io.darktower.events.meeting.MeetingEvent;
import io.darktower.events.meeting.MeetingPurged;
import io.darktower.events.meeting.MeetingSettingsChanged;
import io.darktower.events.meeting.MeetingStarted;
import io.darktower.events.meeting.ParticipantAdmitted;
import io.darktower.events.meeting.ParticipantJoined;
import io.darktower.events.meeting.ParticipantLeft;
import io.darktower.events.meeting.ParticipantRejected;
import io.darktower.events.meeting.ParticipantWaiting;
import io.darktower.events.meeting.StreamPublished;
import io.darktower.events.meeting.StreamSubscribed;
import io.darktower.events.meeting.StreamUnpublished;
import io.darktower.events.meeting.StreamUnsubscribed;
import io.darktower.projections.runtime.RedisProjector;
import io.darktower.projections.runtime.RedisWrites;
import io.darktower.readmodel.MeetingStatus;
import io.darktower.readmodel.RedisKeys;
import io.darktower.readmodel.RedisKeys.MeetingFields;
import io.darktower.readmodel.RedisKeys.ParticipantFields;
import io.darktower.readmodel.RedisKeys.StreamFields;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The seed's live meeting state in Redis: {@code meeting:{id}}, {@code meeting:{id}:participants},
 * {@code participant:{id}}, {@code stream:{id}} and {@code participant:{id}:subscriptions}, with their TTLs as
 * deadlines derived from the events (a participant session 5 minutes after its join — heartbeats push it on —, a
 * stream an hour after its end, a meeting's keys 24 hours after its end), so a replay sets the same deadlines as the
 * live run. Every field of the seed is present from the start; one without a value yet (no controller assigned, a
 * guest's user id, not started) is the empty string. Updates of a session or stream that may have expired use
 * {@code hsetIfExists}, so they never revive it as a stub.
 */
public final class MeetingRedisProjector implements RedisProjector<MeetingEvent> {

    public static final String NAME = "meeting-redis";
    /** The seed's participant session starts connected; one in the waiting room is waiting. */
    static final String CONNECTED = "connected";
    static final String WAITING = "waiting";
    static final String NONE = "";

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
                    MeetingFields.PARTICIPANT_COUNT, "0",
                    MeetingFields.STARTED_AT, NONE,
                    MeetingFields.CONTROLLER_ID, NONE,
                    MeetingFields.MEDIA_HANDLER_ID, NONE)));
            case MeetingSettingsChanged e -> RedisWrites.of(hset(meeting, Map.of(MeetingFields.DISPLAY_NAME, e.displayName())));
            case MeetingStarted e -> RedisWrites.of(hset(meeting, Map.of(
                    MeetingFields.STATUS, MeetingStatus.ACTIVE.wire(),
                    MeetingFields.STARTED_AT, epochSeconds(e.startedAt()))));
            case ControllerAssigned e -> RedisWrites.of(hset(meeting, Map.of(MeetingFields.CONTROLLER_ID, e.controllerId())));
            case MediaHandlerAssigned e -> RedisWrites.of(hset(meeting, Map.of(MeetingFields.MEDIA_HANDLER_ID, e.mediaHandlerId())));
            case ParticipantWaiting e -> {
                String participant = RedisKeys.participant(e.participantId());
                yield RedisWrites.of(
                        hset(participant, session(e.participantId(), e.meetingId(), e.userId(), e.displayName(),
                                e.waitingSince(), WAITING)),
                        expireAt(participant, e.waitingSince(), RedisKeys.PARTICIPANT_SESSION_TTL));
            }
            case ParticipantAdmitted e -> RedisWrites.of(); // its ParticipantJoined follows and writes the session
            case ParticipantRejected e -> RedisWrites.of(del(RedisKeys.participant(e.participantId())));
            case ParticipantJoined e -> {
                String participant = RedisKeys.participant(e.participantId());
                yield RedisWrites.of(
                        hset(participant, session(e.participantId(), e.meetingId(), e.userId(), e.displayName(),
                                e.joinedAt(), CONNECTED)),
                        expireAt(participant, e.joinedAt(), RedisKeys.PARTICIPANT_SESSION_TTL),
                        sadd(participants, e.participantId().toString()),
                        hincrby(meeting, MeetingFields.PARTICIPANT_COUNT, 1));
            }
            case ParticipantLeft e -> RedisWrites.of(
                    del(RedisKeys.participant(e.participantId())),
                    del(RedisKeys.participantSubscriptions(e.participantId())),
                    srem(participants, e.participantId().toString()),
                    hincrby(meeting, MeetingFields.PARTICIPANT_COUNT, -1));
            case StreamPublished e -> {
                Map<String, String> fields = new LinkedHashMap<>();
                fields.put(StreamFields.STREAM_ID, e.streamId().toString());
                fields.put(StreamFields.PARTICIPANT_ID, e.participantId().toString());
                fields.put(StreamFields.MEETING_ID, e.meetingId().toString());
                fields.put(StreamFields.STREAM_TYPE, e.streamType().wire());
                fields.put(StreamFields.CODEC, e.codec().wire());
                fields.put(StreamFields.MAX_BITRATE, Long.toString(e.maxBitrate()));
                fields.put(StreamFields.SUBSCRIBERS, "0");
                fields.put(StreamFields.CREATED_AT, epochSeconds(e.publishedAt()));
                yield RedisWrites.of(
                        hset(RedisKeys.stream(e.streamId()), fields),
                        hsetIfExists(RedisKeys.participant(e.participantId()),
                                Map.of(ParticipantFields.STREAMS, jsonIds(e.participantStreams()))));
            }
            case StreamUnpublished e -> RedisWrites.of(
                    expireAt(RedisKeys.stream(e.streamId()), e.unpublishedAt(), RedisKeys.STREAM_AFTER_END_TTL),
                    hsetIfExists(RedisKeys.participant(e.participantId()),
                            Map.of(ParticipantFields.STREAMS, jsonIds(e.participantStreams()))));
            case StreamSubscribed e -> RedisWrites.of(
                    hsetIfExists(RedisKeys.stream(e.streamId()), Map.of(StreamFields.SUBSCRIBERS, Integer.toString(e.subscribers()))),
                    sadd(RedisKeys.participantSubscriptions(e.subscriberId()), e.streamId().toString()));
            case StreamUnsubscribed e -> RedisWrites.of(
                    hsetIfExists(RedisKeys.stream(e.streamId()), Map.of(StreamFields.SUBSCRIBERS, Integer.toString(e.subscribers()))),
                    srem(RedisKeys.participantSubscriptions(e.subscriberId()), e.streamId().toString()));
            case MeetingEnded e -> {
                Instant expiry = e.endedAt().plus(RedisKeys.MEETING_AFTER_END_TTL);
                yield RedisWrites.expiringAt(expiry,
                        hset(meeting, Map.of(MeetingFields.STATUS, MeetingStatus.ENDED.wire())),
                        expireAt(meeting, expiry),
                        expireAt(participants, expiry));
            }
            case MeetingPurged e -> RedisWrites.of(del(meeting), del(participants));
        };
    }

    /** All eight fields of the seed's {@code participant:{id}}; the last heartbeat starts at the session's start. */
    private static Map<String, String> session(UUID participantId, UUID meetingId, UUID userId, String displayName,
                                               Instant since, String state) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(ParticipantFields.PARTICIPANT_ID, participantId.toString());
        fields.put(ParticipantFields.MEETING_ID, meetingId.toString());
        fields.put(ParticipantFields.USER_ID, userId == null ? NONE : userId.toString());
        fields.put(ParticipantFields.DISPLAY_NAME, displayName);
        fields.put(ParticipantFields.JOINED_AT, epochSeconds(since));
        fields.put(ParticipantFields.CONNECTION_STATE, state);
        fields.put(ParticipantFields.LAST_HEARTBEAT, epochSeconds(since));
        fields.put(ParticipantFields.STREAMS, "[]");
        return fields;
    }

    /** The seed's {@code streams} field: a JSON array of stream ids (UUIDs need no escaping). */
    static String jsonIds(List<UUID> ids) {
        return ids.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(",", "[", "]"));
    }

    private static String epochSeconds(Instant instant) {
        return Long.toString(instant.getEpochSecond());
    }
}
