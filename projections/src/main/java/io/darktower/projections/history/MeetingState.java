package io.darktower.projections.history;

import io.darktower.events.meeting.ControllerAssigned;
import io.darktower.events.meeting.MediaHandlerAssigned;
import io.darktower.events.meeting.MeetingCreated;
import io.darktower.events.meeting.MeetingEnded;
import io.darktower.events.meeting.MeetingPurged;
import io.darktower.events.meeting.MeetingEvent;
import io.darktower.events.meeting.MeetingSettings;
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
import io.darktower.readmodel.MeetingStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A meeting as its events left it after one step: what an auditor asks "what was it like then". Rebuilt from the
 * events alone (never from a read model), so it is what the write side decided, in the order it decided it.
 * Immutable; lists keep the order things happened in, so the same events always give the same state (and the same
 * JSON in an export).
 *
 * @param status       the seed's wire value ({@code scheduled}, {@code active}, {@code ended})
 * @param participants the participants present, in the order they joined
 * @param waiting      the participants in the waiting room, in the order they arrived
 * @param streams      the streams published and not withdrawn, in the order they were published
 * @param recordingAllowed the settings' recording flag, kept apart so a reader need not know the settings' shape
 */
public record MeetingState(
        String status,
        String meetingCode,
        String displayName,
        int maxParticipants,
        MeetingSettings settings,
        Instant scheduledStartTime,
        UUID createdByUserId,
        Instant createdAt,
        Instant startedAt,
        Instant endedAt,
        String endReason,
        String controllerId,
        String region,
        String mediaHandlerId,
        boolean recordingAllowed,
        List<Participant> participants,
        List<Participant> waiting,
        List<Stream> streams) {

    public MeetingState {
        participants = List.copyOf(participants);
        waiting = List.copyOf(waiting);
        streams = List.copyOf(streams);
    }

    /** A participant present or waiting: who, under which name, since when. */
    public record Participant(UUID participantId, UUID userId, String displayName, Instant since) {
    }

    /** A published stream and how many subscribe to it. */
    public record Stream(UUID streamId, UUID participantId, String streamType, String codec, long maxBitrate,
                         int subscribers) {
    }

    /** Before the first event: nothing. */
    static MeetingState none() {
        return new MeetingState(null, null, null, 0, null, null, null, null, null, null, null, null, null, null, false,
                List.of(), List.of(), List.of());
    }

    /** The state after {@code event}. */
    MeetingState apply(MeetingEvent event) {
        return switch (event) {
            case MeetingCreated e -> new MeetingState(MeetingStatus.SCHEDULED.wire(), e.meetingCode(), e.displayName(),
                    e.maxParticipants(), e.settings(), e.scheduledStartTime(), e.createdByUserId(), e.createdAt(), null, null,
                    null, null, null, null, e.settings().allowRecording(), List.of(), List.of(), List.of());
            case MeetingSettingsChanged e -> new MeetingState(status, meetingCode, e.displayName(), e.maxParticipants(),
                    e.settings(), e.scheduledStartTime(), createdByUserId, createdAt, startedAt, endedAt, endReason,
                    controllerId, region, mediaHandlerId, e.settings().allowRecording(), participants, waiting, streams);
            case MeetingStarted e -> new MeetingState(MeetingStatus.ACTIVE.wire(), meetingCode, displayName, maxParticipants,
                    settings, scheduledStartTime, createdByUserId, createdAt, e.startedAt(), endedAt, endReason, controllerId,
                    region, mediaHandlerId, recordingAllowed, participants, waiting, streams);
            case ControllerAssigned e -> new MeetingState(status, meetingCode, displayName, maxParticipants, settings,
                    scheduledStartTime, createdByUserId, createdAt, startedAt, endedAt, endReason, e.controllerId(),
                    e.region(), mediaHandlerId, recordingAllowed, participants, waiting, streams);
            case MediaHandlerAssigned e -> new MeetingState(status, meetingCode, displayName, maxParticipants, settings,
                    scheduledStartTime, createdByUserId, createdAt, startedAt, endedAt, endReason, controllerId, region,
                    e.mediaHandlerId(), recordingAllowed, participants, waiting, streams);
            case ParticipantWaiting e -> withPeople(participants,
                    plus(waiting, new Participant(e.participantId(), e.userId(), e.displayName(), e.waitingSince())), streams);
            case ParticipantAdmitted e -> withPeople(participants, without(waiting, e.participantId()), streams);
            case ParticipantRejected e -> withPeople(participants, without(waiting, e.participantId()), streams);
            case ParticipantJoined e -> withPeople(
                    plus(participants, new Participant(e.participantId(), e.userId(), e.displayName(), e.joinedAt())),
                    without(waiting, e.participantId()), streams);
            case ParticipantLeft e -> withPeople(without(participants, e.participantId()), waiting,
                    streams.stream().filter(s -> !s.participantId().equals(e.participantId())).toList());
            case StreamPublished e -> withPeople(participants, waiting, plusStream(new Stream(e.streamId(), e.participantId(),
                    e.streamType().wire(), e.codec().wire(), e.maxBitrate(), 0)));
            case StreamUnpublished e -> withPeople(participants, waiting,
                    streams.stream().filter(s -> !s.streamId().equals(e.streamId())).toList());
            case StreamSubscribed e -> withPeople(participants, waiting, subscribers(e.streamId(), e.subscribers()));
            case StreamUnsubscribed e -> withPeople(participants, waiting, subscribers(e.streamId(), e.subscribers()));
            case MeetingEnded e -> new MeetingState(MeetingStatus.ENDED.wire(), meetingCode, displayName, maxParticipants,
                    settings, scheduledStartTime, createdByUserId, createdAt, startedAt, e.endedAt(), e.reason().wire(),
                    controllerId, region, mediaHandlerId, recordingAllowed, List.of(), List.of(), List.of());
            // retention removed the ended meeting's rows from the read models; what it was stays in its history
            case MeetingPurged e -> this;
        };
    }

    private MeetingState withPeople(List<Participant> present, List<Participant> inWaitingRoom, List<Stream> published) {
        return new MeetingState(status, meetingCode, displayName, maxParticipants, settings, scheduledStartTime,
                createdByUserId, createdAt, startedAt, endedAt, endReason, controllerId, region, mediaHandlerId,
                recordingAllowed, present, inWaitingRoom, published);
    }

    private static List<Participant> plus(List<Participant> list, Participant participant) {
        List<Participant> out = new ArrayList<>(without(list, participant.participantId()));
        out.add(participant);
        return out;
    }

    private static List<Participant> without(List<Participant> list, UUID participantId) {
        return list.stream().filter(p -> !p.participantId().equals(participantId)).toList();
    }

    private List<Stream> plusStream(Stream stream) {
        List<Stream> out = new ArrayList<>(streams.stream().filter(s -> !s.streamId().equals(stream.streamId())).toList());
        out.add(stream);
        return out;
    }

    private List<Stream> subscribers(UUID streamId, int count) {
        return streams.stream().map(s -> s.streamId().equals(streamId)
                ? new Stream(s.streamId(), s.participantId(), s.streamType(), s.codec(), s.maxBitrate(), count) : s).toList();
    }
}
