package io.darktower.commands.meeting;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.darktower.events.meeting.EndReason;
import io.darktower.events.meeting.LeaveReason;
import io.darktower.events.meeting.MeetingCreated;
import io.darktower.events.meeting.MeetingEnded;
import io.darktower.events.meeting.MeetingStarted;
import io.darktower.events.meeting.ParticipantJoined;
import io.darktower.events.meeting.ParticipantLeft;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import java.util.Objects;

/**
 * One meeting's life: scheduled, active from its first join, ended by its host or when the last participant
 * leaves. Decides only: every method checks the rules, then applies events; state changes in the handlers.
 * Its fields are its snapshot (JSON, every {@link MeetingSnapshots#EVENTS_PER_SNAPSHOT} events), so that a
 * meeting of a thousand participants does not replay thousands of events per command.
 */
@Aggregate(snapshotTriggerDefinition = "meetingSnapshotTrigger")
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

    @AggregateIdentifier
    private UUID meetingId;
    private MeetingCreated created;
    private int maxParticipants;
    private UUID createdByUserId;
    private boolean started;
    private boolean ended;
    /** Present participants, in join order (the order in which an end lets them go). */
    private final Map<UUID, ParticipantJoined> present = new LinkedHashMap<>();
    /** Every participant id that ever joined: a participant session joins once. */
    private final Set<UUID> everJoined = new HashSet<>();

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

    /**
     * Lets a participant session in. Joining again while present is a retry and changes nothing; a session
     * that left cannot come back (a new join is a new session).
     *
     * @return the facts of the join, the first time's on a retry
     */
    @CommandHandler
    public ParticipantJoined handle(JoinMeeting command) {
        ParticipantJoined existing = present.get(command.participantId());
        if (existing != null) {
            if (!existing.displayName().equals(command.displayName())) {
                throw MeetingRejection.IDEMPOTENCY_KEY_REUSED.because(
                        "participant " + command.participantId() + " joined by an earlier request with another name");
            }
            return existing;
        }
        if (ended) {
            throw MeetingRejection.MEETING_ENDED.because("meeting " + meetingId + " has ended");
        }
        if (everJoined.contains(command.participantId())) {
            throw MeetingRejection.ALREADY_JOINED.because("participant " + command.participantId() + " already joined meeting " + meetingId);
        }
        if (present.size() >= maxParticipants) {
            throw MeetingRejection.MEETING_FULL.because("meeting " + meetingId + " is full (" + maxParticipants + " participants)");
        }
        if (!started) {
            apply(new MeetingStarted(meetingId, command.requestedAt()));
        }
        apply(new ParticipantJoined(meetingId, command.participantId(), command.userId(), command.displayName(),
                command.requestedAt(), command.connection()));
        return present.get(command.participantId());
    }

    @CommandHandler
    public void handle(LeaveMeeting command) {
        if (!everJoined.contains(command.participantId())) {
            throw MeetingRejection.NOT_A_PARTICIPANT.because("participant " + command.participantId() + " never joined meeting " + meetingId);
        }
        if (!present.containsKey(command.participantId())) {
            return; // already gone: leaving again changes nothing
        }
        apply(new ParticipantLeft(meetingId, command.participantId(), command.reason(), command.requestedAt()));
        if (present.isEmpty()) {
            apply(new MeetingEnded(meetingId, EndReason.LAST_PARTICIPANT_LEFT, command.requestedAt()));
        }
    }

    @CommandHandler
    public void handle(EndMeeting command) {
        if (ended) {
            return;
        }
        boolean isCreator = createdByUserId != null && createdByUserId.equals(command.requestedByUserId());
        if (createdByUserId != null && !isCreator && !command.requestedByAdmin()) {
            throw MeetingRejection.NOT_ALLOWED.because("only the meeting's creator or an admin may end it");
        }
        for (UUID participantId : new ArrayList<>(present.keySet())) {
            apply(new ParticipantLeft(meetingId, participantId, LeaveReason.MEETING_ENDED, command.requestedAt()));
        }
        apply(new MeetingEnded(meetingId, EndReason.ENDED_BY_HOST, command.requestedAt()));
    }

    @EventSourcingHandler
    void on(MeetingCreated event) {
        created = event;
        meetingId = event.meetingId();
        maxParticipants = event.maxParticipants();
        createdByUserId = event.createdByUserId();
    }

    @EventSourcingHandler
    void on(MeetingStarted event) {
        started = true;
    }

    @EventSourcingHandler
    void on(ParticipantJoined event) {
        present.put(event.participantId(), event);
        everJoined.add(event.participantId());
    }

    @EventSourcingHandler
    void on(ParticipantLeft event) {
        present.remove(event.participantId());
    }

    @EventSourcingHandler
    void on(MeetingEnded event) {
        ended = true;
    }
}
