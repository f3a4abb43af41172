package io.darktower.projections.meeting;

import static io.darktower.projections.runtime.RedisSequencedWriter.Op.of;

import io.darktower.events.EventCatalog;
import io.darktower.events.EventEnvelope;
import io.darktower.events.EventJson;
import io.darktower.events.meeting.MeetingCreated;
import io.darktower.events.meeting.MeetingEnded;
import io.darktower.events.meeting.MeetingEvent;
import io.darktower.events.meeting.MeetingStarted;
import io.darktower.events.meeting.ParticipantJoined;
import io.darktower.events.meeting.ParticipantLeft;
import io.darktower.projections.runtime.Projection;
import io.darktower.projections.runtime.RedisSequencedWriter;
import io.darktower.projections.runtime.RedisSequencedWriter.Op;
import io.darktower.projections.runtime.RedisSequencedWriter.Write;
import io.darktower.readmodel.MeetingStatus;
import io.darktower.readmodel.RedisKeys;
import io.darktower.readmodel.RedisKeys.MeetingFields;
import io.darktower.readmodel.RedisKeys.ParticipantFields;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;


/**
 * Maintains the seed's live meeting state in Redis: {@code meeting:{id}}, {@code meeting:{id}:participants} and
 * {@code participant:{id}}, with their TTLs. Fields without a value (no controller assigned yet, a guest's
 * user id) are left out: a Redis hash cannot hold a null.
 */
public final class MeetingRedisProjection implements Projection {

    public static final String NAME = "meeting-redis";
    /** The seed's participant session always starts connected, with no streams published. */
    static final String CONNECTED = "connected";
    static final String NO_STREAMS = "[]";

    private final RedisSequencedWriter writer;

    public MeetingRedisProjection(RedisSequencedWriter writer) {
        this.writer = writer;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void apply(List<EventEnvelope> batch) throws InterruptedException {
        List<Write> writes = new ArrayList<>(batch.size());
        for (EventEnvelope envelope : batch) {
            if (EventCatalog.MEETING.equals(envelope.aggregateType())) {
                MeetingEvent event = (MeetingEvent) EventJson.payload(envelope);
                writes.add(new Write(envelope.aggregateId(), RedisKeys.meetingProjectionSequence(event.meetingId()),
                        envelope.aggregateSequence(), ops(event)));
            }
        }
        writer.apply(writes);
    }

    static List<Op> ops(MeetingEvent event) {
        String meeting = RedisKeys.meeting(event.meetingId());
        String participants = RedisKeys.meetingParticipants(event.meetingId());
        return switch (event) {
            case MeetingCreated e -> List.of(of("HSET", meeting,
                    MeetingFields.MEETING_ID, e.meetingId().toString(),
                    MeetingFields.DISPLAY_NAME, e.displayName(),
                    MeetingFields.STATUS, MeetingStatus.SCHEDULED.wire(),
                    MeetingFields.PARTICIPANT_COUNT, "0"));
            case MeetingStarted e -> List.of(of("HSET", meeting,
                    MeetingFields.STATUS, MeetingStatus.ACTIVE.wire(),
                    MeetingFields.STARTED_AT, epochSeconds(e.startedAt())));
            case ParticipantJoined e -> {
                String participant = RedisKeys.participant(e.participantId());
                List<String> fields = new ArrayList<>(List.of(participant,
                        ParticipantFields.PARTICIPANT_ID, e.participantId().toString(),
                        ParticipantFields.MEETING_ID, e.meetingId().toString(),
                        ParticipantFields.DISPLAY_NAME, e.displayName(),
                        ParticipantFields.JOINED_AT, epochSeconds(e.joinedAt()),
                        ParticipantFields.CONNECTION_STATE, CONNECTED,
                        ParticipantFields.LAST_HEARTBEAT, epochSeconds(e.joinedAt()),
                        ParticipantFields.STREAMS, NO_STREAMS));
                if (e.userId() != null) {
                    fields.addAll(List.of(ParticipantFields.USER_ID, e.userId().toString()));
                }
                yield List.of(
                        new Op("HSET", fields),
                        of("EXPIRE", participant, seconds(RedisKeys.PARTICIPANT_SESSION_TTL)),
                        of("SADD", participants, e.participantId().toString()),
                        of("HINCRBY", meeting, MeetingFields.PARTICIPANT_COUNT, "1"));
            }
            case ParticipantLeft e -> List.of(
                    of("DEL", RedisKeys.participant(e.participantId())),
                    of("SREM", participants, e.participantId().toString()),
                    of("HINCRBY", meeting, MeetingFields.PARTICIPANT_COUNT, "-1"));
            case MeetingEnded e -> {
                String ttl = seconds(RedisKeys.MEETING_AFTER_END_TTL);
                yield List.of(
                        of("HSET", meeting, MeetingFields.STATUS, MeetingStatus.ENDED.wire()),
                        of("EXPIRE", meeting, ttl),
                        of("EXPIRE", participants, ttl),
                        of("EXPIRE", RedisKeys.meetingProjectionSequence(e.meetingId()), ttl));
            }
        };
    }

    private static String epochSeconds(Instant instant) {
        return Long.toString(instant.getEpochSecond());
    }

    private static String seconds(Duration duration) {
        return Long.toString(duration.toSeconds());
    }

}
