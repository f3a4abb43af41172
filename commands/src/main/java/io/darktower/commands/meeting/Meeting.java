package io.darktower.commands.meeting;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.darktower.events.meeting.ControllerAssigned;
import io.darktower.events.meeting.EndReason;
import io.darktower.events.meeting.LeaveReason;
import io.darktower.events.meeting.MediaHandlerAssigned;
import io.darktower.events.meeting.MeetingCreated;
import io.darktower.events.meeting.MeetingEnded;
import io.darktower.events.meeting.MeetingPurged;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One meeting's life: scheduled, active from its first join, ended by its host or when the last participant
 * leaves; its waiting room, its streams and subscriptions, the nodes that carry it. Decides only: every method
 * checks the rules, then applies events; state changes in the handlers.
 *
 * <p>Its fields are its snapshot (JSON, every {@link MeetingSnapshots#EVENTS_PER_SNAPSHOT} events) and stay bounded
 * however long the meeting lives: the present and the waiting (each at most the capacity), the live streams (at most
 * {@link #MAX_STREAMS_PER_PARTICIPANT} per present participant), and the last {@link #REMEMBERED} sessions and
 * streams that ended, so that a retried join, leave or publish answers as the first time. A retry of something older
 * than that is treated as new.
 */
@Aggregate(snapshotTriggerDefinition = "meetingSnapshotTrigger")
@Revision("3")
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
public class Meeting {

    /** The most participants a meeting can be created for. */
    public static final int MAX_CAPACITY = 10_000;
    /** Limits of the read model's columns, checked on the command records (see {@code validation.Text}). */
    public static final int MAX_NAME = 255;
    public static final int MAX_CODE = 20;
    public static final int MAX_CLIENT_VERSION = 50;
    /** The longest textual IP address (an IPv4-mapped IPv6 address). */
    public static final int MAX_IP = 45;
    public static final int MAX_USER_AGENT = 1024;
    /** {@code meeting_controllers.controller_id}, {@code media_handlers.handler_id}. */
    public static final int MAX_NODE_ID = 255;
    /** {@code meetings.assigned_region}. */
    public static final int MAX_REGION = 50;
    /** The highest bitrate a stream may announce, in bits per second. */
    public static final long MAX_BITRATE = 100_000_000L;
    /** Streams one participant may publish at once (camera, screen, microphone, screen audio, and some slack). */
    public static final int MAX_STREAMS_PER_PARTICIPANT = 8;
    /** Ended sessions and streams remembered to answer retries. */
    static final int REMEMBERED = 1_000;
    /** The seed's retention: a meeting's rows stay in the read models this long after it ended. */
    public static final Duration RETENTION_AFTER_END = Duration.ofDays(90);

    @AggregateIdentifier
    private UUID meetingId;
    private MeetingCreated created;
    private String displayName;
    private int maxParticipants;
    private MeetingSettings settings;
    private Instant scheduledStartTime;
    private UUID createdByUserId;
    private boolean started;
    private boolean ended;
    /** When it ended; null before (and in snapshots of revision 2, which revision 3 does not load). */
    private Instant endedAt;
    private boolean purged;
    private String controllerId;
    private String region;
    private String mediaHandlerId;
    /** Present participants, in join order (the order in which an end lets them go). */
    private final Map<UUID, ParticipantJoined> present = new LinkedHashMap<>();
    /** Participants in the waiting room, in arrival order. */
    private final Map<UUID, ParticipantWaiting> waiting = new LinkedHashMap<>();
    /** Sessions that ended, newest last: the join that let them in, or null for one turned away while waiting. */
    private final Map<UUID, ParticipantJoined> gone = new LinkedHashMap<>();
    /** Live streams by id. */
    private final Map<UUID, LiveStream> streams = new LinkedHashMap<>();
    /** Streams that ended, newest last, as they were published. */
    private final Map<UUID, StreamPublished> endedStreams = new LinkedHashMap<>();

    /** A live stream: who publishes it, how, and who receives it. */
    record LiveStream(StreamPublished published, Set<UUID> subscribers) {
    }

    protected Meeting() {
        // for event sourcing, and for creation (CreateMeeting runs on a fresh instance)
    }

    /**
     * Creates the meeting, or, when it exists already, answers as the first time did: the id of a retried
     * request (same idempotency key) is the same, and a retry must not create a second meeting.
     *
     * @return the facts of the creation, for the caller's answer
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public MeetingCreated handle(CreateMeeting command) {
        if (created != null) {
            if (!created.displayName().equals(command.displayName())
                    || created.maxParticipants() != command.maxParticipants()
                    || !created.settings().equals(command.settings())
                    || !Objects.equals(created.scheduledStartTime(), command.scheduledStartTime())) {
                throw MeetingRejection.IDEMPOTENCY_KEY_REUSED.because(
                        "meeting " + meetingId + " was created by an earlier request with other details");
            }
            return created;
        }
        apply(new MeetingCreated(command.meetingId(), command.meetingCode(), command.displayName(),
                command.maxParticipants(), command.settings(), command.scheduledStartTime(),
                command.createdByUserId(), command.requestedAt()));
        return created;
    }

    /** Changes what the host may change; a field left out keeps its value; the same values again change nothing. */
    @CommandHandler
    public void handle(ChangeMeetingSettings command) {
        requireModerator(command.requestedByUserId(), command.requestedByAdmin(), "change its settings");
        requireNotEnded();
        String newName = command.displayName() == null ? displayName : command.displayName();
        int newCapacity = command.maxParticipants() == null ? maxParticipants : command.maxParticipants();
        MeetingSettings newSettings = command.settings() == null ? settings : command.settings().applyTo(settings);
        Instant newStart = command.scheduledStartTime() == null ? scheduledStartTime : command.scheduledStartTime();
        if (newCapacity < present.size()) {
            throw MeetingRejection.CAPACITY_BELOW_PRESENT.because("meeting " + meetingId + " has " + present.size()
                    + " participants present; its capacity cannot drop to " + newCapacity);
        }
        if (displayName.equals(newName) && maxParticipants == newCapacity && settings.equals(newSettings)
                && Objects.equals(scheduledStartTime, newStart)) {
            return;
        }
        apply(new MeetingSettingsChanged(meetingId, newName, newCapacity, newSettings, newStart, command.requestedAt()));
        if (!settings.waitingRoom()) {
            // the waiting room closed: whoever waits comes in, as far as there are seats
            for (UUID participantId : new ArrayList<>(waiting.keySet())) {
                if (present.size() >= maxParticipants) {
                    break;
                }
                admit(participantId, command.requestedByUserId(), command.requestedAt());
            }
        }
    }

    /**
     * Lets a participant session in, or into the waiting room when the meeting has one (its creator skips it).
     * Joining again is a retry and answers as the first time did: the join, the wait, or the refusal.
     *
     * @return {@link ParticipantJoined} or {@link ParticipantWaiting}
     */
    @CommandHandler
    public Object handle(JoinMeeting command) {
        UUID participantId = command.participantId();
        ParticipantJoined existing = present.containsKey(participantId) ? present.get(participantId) : gone.get(participantId);
        if (existing != null) {
            if (!existing.displayName().equals(command.displayName())) {
                throw MeetingRejection.IDEMPOTENCY_KEY_REUSED.because(
                        "participant " + participantId + " joined by an earlier request with another name");
            }
            return existing;
        }
        if (waiting.containsKey(participantId)) {
            return waiting.get(participantId);
        }
        if (gone.containsKey(participantId)) {
            throw MeetingRejection.NOT_ADMITTED.because("participant " + participantId + " was not admitted to meeting " + meetingId);
        }
        requireNotEnded();
        if (settings.requireAuth() && command.userId() == null) {
            throw MeetingRejection.AUTHENTICATION_REQUIRED.because("meeting " + meetingId + " admits signed-in users only");
        }
        if (present.size() >= maxParticipants) {
            throw MeetingRejection.MEETING_FULL.because("meeting " + meetingId + " is full (" + maxParticipants + " participants)");
        }
        if (settings.waitingRoom() && !isCreator(command.userId())) {
            if (waiting.size() >= maxParticipants) {
                throw MeetingRejection.WAITING_ROOM_FULL.because("the waiting room of meeting " + meetingId + " is full");
            }
            apply(new ParticipantWaiting(meetingId, participantId, command.userId(), command.displayName(),
                    command.requestedAt(), command.connection()));
            return waiting.get(participantId);
        }
        startIfScheduled(command.requestedAt());
        apply(new ParticipantJoined(meetingId, participantId, command.userId(), command.displayName(),
                command.requestedAt(), command.connection()));
        return present.get(participantId);
    }

    /** The host lets a waiting participant in; admitting one already present changes nothing. */
    @CommandHandler
    public void handle(AdmitParticipant command) {
        requireModerator(command.requestedByUserId(), command.requestedByAdmin(), "admit participants");
        if (present.containsKey(command.participantId())) {
            return;
        }
        requireNotEnded();
        if (!waiting.containsKey(command.participantId())) {
            throw MeetingRejection.NOT_WAITING.because("participant " + command.participantId() + " is not waiting to join meeting " + meetingId);
        }
        if (present.size() >= maxParticipants) {
            throw MeetingRejection.MEETING_FULL.because("meeting " + meetingId + " is full (" + maxParticipants + " participants)");
        }
        admit(command.participantId(), command.requestedByUserId(), command.requestedAt());
    }

    /** The host turns a waiting participant away; turning away one no longer waiting changes nothing. */
    @CommandHandler
    public void handle(RejectParticipant command) {
        requireModerator(command.requestedByUserId(), command.requestedByAdmin(), "turn participants away");
        if (waiting.containsKey(command.participantId())) {
            apply(new ParticipantRejected(meetingId, command.participantId(), command.requestedByUserId(), command.requestedAt()));
        } else if (!gone.containsKey(command.participantId()) && !present.containsKey(command.participantId())) {
            throw MeetingRejection.NOT_WAITING.because("participant " + command.participantId() + " is not waiting to join meeting " + meetingId);
        }
    }

    /**
     * A participant leaves, or stops waiting. Leaving twice is not an error. The last participant to leave ends the
     * meeting; a participant's streams and subscriptions end with it.
     */
    @CommandHandler
    public void handle(LeaveMeeting command) {
        UUID participantId = command.participantId();
        if (command.requestedBy() != null && knows(participantId) && !isSelf(participantId, command.requestedBy())) {
            throw MeetingRejection.NOT_ALLOWED.because("a participant may remove only itself; the host kicks others");
        }
        if (waiting.containsKey(participantId)) {
            apply(new ParticipantRejected(meetingId, participantId, null, command.requestedAt()));
            return;
        }
        if (!present.containsKey(participantId)) {
            if (gone.containsKey(participantId)) {
                return; // already gone: leaving again changes nothing
            }
            throw MeetingRejection.NOT_A_PARTICIPANT.because("participant " + participantId + " is not in meeting " + meetingId);
        }
        depart(participantId, command.reason(), command.requestedAt());
        if (present.isEmpty()) {
            close(EndReason.LAST_PARTICIPANT_LEFT, command.requestedAt());
        }
    }

    /** The host removes a participant: it leaves with reason {@code kicked}. Kicking one already gone changes nothing. */
    @CommandHandler
    public void handle(KickParticipant command) {
        requireModerator(command.requestedByUserId(), command.requestedByAdmin(), "remove participants");
        handle(new LeaveMeeting(meetingId, command.participantId(), LeaveReason.KICKED, command.requestedAt()));
    }

    /** Ends the meeting for everyone: the present leave with {@code meeting_ended}, the waiting are turned away. */
    @CommandHandler
    public void handle(EndMeeting command) {
        if (ended) {
            return;
        }
        requireModerator(command.requestedByUserId(), command.requestedByAdmin(), "end it");
        for (UUID participantId : new ArrayList<>(present.keySet())) {
            depart(participantId, LeaveReason.MEETING_ENDED, command.requestedAt());
        }
        close(EndReason.ENDED_BY_HOST, command.requestedAt());
    }

    @CommandHandler
    public void handle(AssignController command) {
        requireNotEnded();
        if (command.controllerId().equals(controllerId) && Objects.equals(command.region(), region)) {
            return;
        }
        apply(new ControllerAssigned(meetingId, command.controllerId(), command.region(), command.requestedAt()));
    }

    /** @return the controller the meeting has: the one given, unless it had one already */
    @CommandHandler
    public String handle(PlaceMeeting command) {
        requireNotEnded();
        if (controllerId == null) {
            apply(new ControllerAssigned(meetingId, command.controllerId(), command.region(), command.requestedAt()));
        }
        return controllerId;
    }

    @CommandHandler
    public void handle(AssignMediaHandler command) {
        requireNotEnded();
        if (command.mediaHandlerId().equals(mediaHandlerId)) {
            return;
        }
        apply(new MediaHandlerAssigned(meetingId, command.mediaHandlerId(), command.requestedAt()));
    }

    /** A present participant publishes a stream; a retry (same stream id) answers the first publication. */
    @CommandHandler
    public StreamPublished handle(PublishStream command) {
        LiveStream live = streams.get(command.streamId());
        StreamPublished earlier = live != null ? live.published() : endedStreams.get(command.streamId());
        if (earlier != null) {
            if (!earlier.participantId().equals(command.participantId())) {
                throw MeetingRejection.IDEMPOTENCY_KEY_REUSED.because("stream " + command.streamId() + " belongs to another participant");
            }
            return earlier;
        }
        requireNotEnded();
        requirePresent(command.participantId());
        requireSelf(command.participantId(), command.requestedBy(), "publishes its streams");
        List<UUID> own = streamsOf(command.participantId());
        if (own.size() >= MAX_STREAMS_PER_PARTICIPANT) {
            throw MeetingRejection.STREAM_LIMIT.because("participant " + command.participantId() + " already publishes "
                    + own.size() + " streams");
        }
        own.add(command.streamId());
        apply(new StreamPublished(meetingId, command.streamId(), command.participantId(), command.streamType(),
                command.codec(), command.maxBitrate(), command.requestedAt(), own));
        return streams.get(command.streamId()).published();
    }

    /** The publisher ends its stream; ending an ended stream changes nothing. */
    @CommandHandler
    public void handle(UnpublishStream command) {
        LiveStream live = streams.get(command.streamId());
        if (live == null) {
            StreamPublished ended = endedStreams.get(command.streamId());
            if (ended != null && ended.participantId().equals(command.participantId())) {
                return;
            }
            throw MeetingRejection.STREAM_NOT_FOUND.because("no stream " + command.streamId() + " of participant "
                    + command.participantId() + " in meeting " + meetingId);
        }
        if (!live.published().participantId().equals(command.participantId())) {
            throw MeetingRejection.NOT_ALLOWED.because("only its publisher ends stream " + command.streamId());
        }
        requireSelf(command.participantId(), command.requestedBy(), "ends its streams");
        endStream(command.streamId(), command.requestedAt());
    }

    /** A present participant receives another participant's live stream; subscribing again changes nothing. */
    @CommandHandler
    public void handle(SubscribeStream command) {
        requireNotEnded();
        requirePresent(command.subscriberId());
        requireSelf(command.subscriberId(), command.requestedBy(), "subscribes for itself");
        LiveStream live = streams.get(command.streamId());
        if (live == null) {
            throw MeetingRejection.STREAM_NOT_FOUND.because("no live stream " + command.streamId() + " in meeting " + meetingId);
        }
        if (live.published().participantId().equals(command.subscriberId())) {
            throw MeetingRejection.OWN_STREAM.because("a participant does not subscribe to its own stream");
        }
        if (live.subscribers().contains(command.subscriberId())) {
            return;
        }
        apply(new StreamSubscribed(meetingId, command.streamId(), command.subscriberId(), live.subscribers().size() + 1,
                command.requestedAt()));
    }

    /** Drops a subscription; dropping one not held changes nothing. */
    @CommandHandler
    public void handle(UnsubscribeStream command) {
        if (knows(command.subscriberId())) {
            requireSelf(command.subscriberId(), command.requestedBy(), "drops its own subscriptions");
        }
        LiveStream live = streams.get(command.streamId());
        if (live != null && live.subscribers().contains(command.subscriberId())) {
            apply(new StreamUnsubscribed(meetingId, command.streamId(), command.subscriberId(),
                    live.subscribers().size() - 1, command.requestedAt()));
        }
    }

    /** Answers normally when a recording may start now; appends nothing. */
    @CommandHandler
    public void handle(AuthorizeRecording command) {
        if (!settings.allowRecording()) {
            throw MeetingRejection.RECORDING_NOT_ALLOWED.because("meeting " + meetingId + " does not allow recording");
        }
        if (!started || ended) {
            throw MeetingRejection.MEETING_NOT_ACTIVE.because("meeting " + meetingId + " is not active");
        }
        UUID user = command.requestedByUserId();
        boolean participant = user != null && present.values().stream().anyMatch(p -> user.equals(p.userId()));
        if (!participant && !mayModerate(user, command.requestedByAdmin())) {
            throw MeetingRejection.NOT_ALLOWED.because("only the meeting's creator, an admin or a participant records it");
        }
    }

    private void admit(UUID participantId, UUID byUserId, Instant at) {
        ParticipantWaiting waited = waiting.get(participantId);
        apply(new ParticipantAdmitted(meetingId, participantId, byUserId, at));
        startIfScheduled(at);
        apply(new ParticipantJoined(meetingId, participantId, waited.userId(), waited.displayName(), at, waited.connection()));
    }

    /** Ends what the participant receives and sends, then lets it go. */
    private void depart(UUID participantId, LeaveReason reason, Instant at) {
        for (Map.Entry<UUID, LiveStream> stream : new ArrayList<>(streams.entrySet())) {
            if (stream.getValue().subscribers().contains(participantId)) {
                apply(new StreamUnsubscribed(meetingId, stream.getKey(), participantId,
                        stream.getValue().subscribers().size() - 1, at));
            }
        }
        for (UUID streamId : streamsOf(participantId)) {
            endStream(streamId, at);
        }
        apply(new ParticipantLeft(meetingId, participantId, reason, at));
    }

    private void endStream(UUID streamId, Instant at) {
        LiveStream live = streams.get(streamId);
        for (UUID subscriber : new ArrayList<>(live.subscribers())) {
            apply(new StreamUnsubscribed(meetingId, streamId, subscriber, live.subscribers().size() - 1, at));
        }
        UUID publisher = live.published().participantId();
        List<UUID> remaining = streamsOf(publisher);
        remaining.remove(streamId);
        apply(new StreamUnpublished(meetingId, streamId, publisher, at, remaining));
    }

    private void close(EndReason reason, Instant at) {
        for (UUID participantId : new ArrayList<>(waiting.keySet())) {
            apply(new ParticipantRejected(meetingId, participantId, null, at));
        }
        apply(new MeetingEnded(meetingId, reason, at));
    }

    private void startIfScheduled(Instant at) {
        if (!started) {
            apply(new MeetingStarted(meetingId, at));
        }
    }

    private List<UUID> streamsOf(UUID participantId) {
        List<UUID> own = new ArrayList<>();
        streams.forEach((id, live) -> {
            if (live.published().participantId().equals(participantId)) {
                own.add(id);
            }
        });
        return own;
    }

    private boolean knows(UUID participantId) {
        return present.containsKey(participantId) || waiting.containsKey(participantId) || gone.containsKey(participantId);
    }

    /** Whether the requester is that participant: by its join token, or as the user it joined as. */
    /** A caller of the API acts only as the participant it is; the platform itself (no requester) acts for any. */
    private void requireSelf(UUID participantId, Requester requester, String what) {
        if (requester != null && !isSelf(participantId, requester)) {
            throw MeetingRejection.NOT_ALLOWED.because("only the participant itself " + what);
        }
    }

    private boolean isSelf(UUID participantId, Requester requester) {
        if (participantId.equals(requester.participantId())) {
            return true;
        }
        UUID user = present.containsKey(participantId) ? present.get(participantId).userId()
                : waiting.containsKey(participantId) ? waiting.get(participantId).userId()
                : gone.get(participantId).userId();
        return user != null && user.equals(requester.userId());
    }

    private boolean isCreator(UUID userId) {
        return createdByUserId != null && createdByUserId.equals(userId);
    }

    /** The creator or an admin; anyone for a meeting a guest created (it has no owner to ask). */
    private boolean mayModerate(UUID userId, boolean admin) {
        return admin || createdByUserId == null || isCreator(userId);
    }

    private void requireModerator(UUID userId, boolean admin, String what) {
        if (!mayModerate(userId, admin)) {
            throw MeetingRejection.NOT_ALLOWED.because("only the meeting's creator or an admin may " + what);
        }
    }

    /**
     * Retention: the meeting's rows leave the read models once it ended {@link #RETENTION_AFTER_END} ago.
     *
     * @return true when this command purged it, false when it was purged already
     */
    @CommandHandler
    public boolean handle(PurgeMeeting command) {
        if (purged) {
            return false;
        }
        if (!ended) {
            throw MeetingRejection.RETENTION_NOT_OVER.because("meeting " + meetingId + " has not ended");
        }
        if (endedAt.plus(RETENTION_AFTER_END).isAfter(command.requestedAt())) {
            throw MeetingRejection.RETENTION_NOT_OVER.because("meeting " + meetingId + " ended at " + endedAt
                    + "; it is kept until " + endedAt.plus(RETENTION_AFTER_END));
        }
        apply(new MeetingPurged(meetingId, endedAt, command.requestedAt()));
        return true;
    }

    private void requireNotEnded() {
        if (ended) {
            throw MeetingRejection.MEETING_ENDED.because("meeting " + meetingId + " has ended");
        }
    }

    private void requirePresent(UUID participantId) {
        if (!present.containsKey(participantId)) {
            throw MeetingRejection.NOT_A_PARTICIPANT.because("participant " + participantId + " is not in meeting " + meetingId);
        }
    }

    private static <K, V> void remember(Map<K, V> map, K key, V value) {
        map.remove(key);
        map.put(key, value);
        if (map.size() > REMEMBERED) {
            map.remove(map.keySet().iterator().next());
        }
    }

    @EventSourcingHandler
    void on(MeetingCreated event) {
        created = event;
        meetingId = event.meetingId();
        displayName = event.displayName();
        maxParticipants = event.maxParticipants();
        settings = event.settings();
        scheduledStartTime = event.scheduledStartTime();
        createdByUserId = event.createdByUserId();
    }

    @EventSourcingHandler
    void on(MeetingSettingsChanged event) {
        displayName = event.displayName();
        maxParticipants = event.maxParticipants();
        settings = event.settings();
        scheduledStartTime = event.scheduledStartTime();
    }

    @EventSourcingHandler
    void on(MeetingStarted event) {
        started = true;
    }

    @EventSourcingHandler
    void on(ControllerAssigned event) {
        controllerId = event.controllerId();
        region = event.region();
    }

    @EventSourcingHandler
    void on(MediaHandlerAssigned event) {
        mediaHandlerId = event.mediaHandlerId();
    }

    @EventSourcingHandler
    void on(ParticipantWaiting event) {
        waiting.put(event.participantId(), event);
    }

    @EventSourcingHandler
    void on(ParticipantAdmitted event) {
        waiting.remove(event.participantId());
    }

    @EventSourcingHandler
    void on(ParticipantRejected event) {
        waiting.remove(event.participantId());
        remember(gone, event.participantId(), null);
    }

    @EventSourcingHandler
    void on(ParticipantJoined event) {
        present.put(event.participantId(), event);
    }

    @EventSourcingHandler
    void on(ParticipantLeft event) {
        remember(gone, event.participantId(), present.remove(event.participantId()));
    }

    @EventSourcingHandler
    void on(StreamPublished event) {
        streams.put(event.streamId(), new LiveStream(event, new LinkedHashSet<>()));
    }

    @EventSourcingHandler
    void on(StreamUnpublished event) {
        remember(endedStreams, event.streamId(), streams.remove(event.streamId()).published());
    }

    @EventSourcingHandler
    void on(StreamSubscribed event) {
        streams.get(event.streamId()).subscribers().add(event.subscriberId());
    }

    @EventSourcingHandler
    void on(StreamUnsubscribed event) {
        streams.get(event.streamId()).subscribers().remove(event.subscriberId());
    }

    @EventSourcingHandler
    void on(MeetingEnded event) {
        ended = true;
        endedAt = event.endedAt();
    }

    @EventSourcingHandler
    void on(MeetingPurged event) {
        purged = true;
    }
}
