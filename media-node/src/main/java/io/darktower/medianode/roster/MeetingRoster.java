package io.darktower.medianode.roster;

import io.darktower.events.meeting.LeaveReason;
import io.darktower.events.meeting.MeetingEnded;
import io.darktower.events.meeting.MeetingEvent;
import io.darktower.events.meeting.ParticipantJoined;
import io.darktower.events.meeting.ParticipantLeft;
import io.darktower.events.meeting.StreamPublished;
import io.darktower.events.meeting.StreamSubscribed;
import io.darktower.events.meeting.StreamUnpublished;
import io.darktower.events.meeting.StreamUnsubscribed;
import io.darktower.signaling.JoinResponse;
import io.darktower.signaling.Participant;
import io.darktower.signaling.ServerMessage;
import io.darktower.signaling.Stream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One meeting as its events tell it: who is present (in joining order) with their live streams, and the sessions of
 * this node that belong to it. Every change comes from the meeting's events in their order, and each is told to the
 * sessions as it is applied: all participants of a meeting, on any node, hear of joins and leaves in the same order.
 * Thread-safe: the event feed applies, sessions attach and detach, under the roster's lock.
 */
public final class MeetingRoster {

    /** Who is present, with what. */
    private record Present(ParticipantJoined joined, Map<UUID, StreamPublished> streams) {
    }

    private final UUID meetingId;
    private final Map<UUID, Present> present = new LinkedHashMap<>();
    private final Set<UUID> left = new HashSet<>();
    private final Map<UUID, RosterMember> members = new HashMap<>();
    private final Map<UUID, RosterMember> pending = new HashMap<>();
    /** Who subscribed to which stream, from StreamSubscribed / StreamUnsubscribed. */
    private final Map<UUID, Set<UUID>> subscribers = new HashMap<>();
    /** Where each stream's frames go on this node: rebuilt on every change, read without the lock by the event loops. */
    private volatile Map<UUID, Route[]> routes = Map.of();
    private long appliedSequence = -1;
    private boolean ended;

    MeetingRoster(UUID meetingId) {
        this.meetingId = meetingId;
    }

    public UUID meetingId() {
        return meetingId;
    }

    /** One copy of a stream's frames: to this member, rewritten to this frame stream id. */
    public record Route(RosterMember member, int mediaStreamId) {
    }

    private static final Route[] NOWHERE = new Route[0];

    /** Where the frames of {@code streamId} go on this node; lock-free. */
    public Route[] routes(UUID streamId) {
        return routes.getOrDefault(streamId, NOWHERE);
    }

    /**
     * Rebuilds the routing table: a stream's frames go to the members of this node that subscribed to it (the meeting's
     * events say so) and whose layout shows it (the member says with which frame stream id).
     */
    public synchronized void reroute() {
        Map<UUID, Route[]> next = new HashMap<>();
        subscribers.forEach((stream, who) -> {
            List<Route> to = new ArrayList<>();
            for (UUID subscriber : who) {
                RosterMember member = members.get(subscriber);
                int id = member == null ? -1 : member.mediaStreamIdFor(stream);
                if (id >= 0) {
                    to.add(new Route(member, id));
                }
            }
            if (!to.isEmpty()) {
                next.put(stream, to.toArray(Route[]::new));
            }
        });
        routes = Map.copyOf(next);
    }

    /** What came of {@link #attach}. */
    public enum Attach {
        /** Present: {@link RosterMember#admitted} was called. */
        ADMITTED,
        /** Not (yet) present: admitted when its join arrives. */
        PENDING,
        /** Already left, or the meeting ended: never again with this participant id. */
        GONE
    }

    /** The 64-bit id of a participant in media frames: the same on every node, from its participant id. */
    public static long mediaUserId(UUID participantId) {
        return participantId.getMostSignificantBits() ^ participantId.getLeastSignificantBits();
    }

    public synchronized Attach attach(RosterMember member) {
        UUID id = member.participantId();
        if (ended || left.contains(id)) {
            return Attach.GONE;
        }
        if (present.containsKey(id)) {
            members.put(id, member);
            member.admitted(snapshot(id));
            return Attach.ADMITTED;
        }
        pending.put(id, member);
        return Attach.PENDING;
    }

    public synchronized void detach(RosterMember member) {
        members.remove(member.participantId(), member);
        pending.remove(member.participantId(), member);
        reroute();
    }

    public synchronized boolean isPresent(UUID participantId) {
        return present.containsKey(participantId);
    }

    public synchronized int members() {
        return members.size();
    }

    synchronized boolean idle() {
        return ended && members.isEmpty() && pending.isEmpty();
    }

    /** Applies one of the meeting's events; one already applied (a redelivery) changes nothing. */
    synchronized void apply(MeetingEvent event, long sequence) {
        if (sequence <= appliedSequence) {
            return;
        }
        appliedSequence = sequence;
        switch (event) {
            case ParticipantJoined joined -> {
                UUID id = joined.participantId();
                left.remove(id);
                Present p = new Present(joined, new LinkedHashMap<>());
                present.put(id, p);
                tellOthers(id, ServerMessage.newBuilder().setParticipantJoined(
                        io.darktower.signaling.ParticipantJoined.newBuilder().setParticipant(participant(p))).build());
                RosterMember waiting = pending.remove(id);
                if (waiting != null) {
                    members.put(id, waiting);
                    waiting.admitted(snapshot(id));
                }
            }
            case ParticipantLeft gone -> leave(gone.participantId(), gone.reason());
            case StreamPublished published -> {
                Present p = present.get(published.participantId());
                if (p != null) {
                    p.streams().put(published.streamId(), published);
                    tellOthers(published.participantId(), ServerMessage.newBuilder().setStreamPublished(
                            io.darktower.signaling.StreamPublished.newBuilder().setStream(stream(published))).build());
                }
            }
            case StreamSubscribed subscribed -> {
                subscribers.computeIfAbsent(subscribed.streamId(), k -> new HashSet<>()).add(subscribed.subscriberId());
                reroute();
            }
            case StreamUnsubscribed unsubscribed -> {
                Set<UUID> who = subscribers.get(unsubscribed.streamId());
                if (who != null && who.remove(unsubscribed.subscriberId())) {
                    reroute();
                }
            }
            case StreamUnpublished unpublished -> {
                if (subscribers.remove(unpublished.streamId()) != null) {
                    reroute();
                }
                Present p = present.get(unpublished.participantId());
                if (p != null && p.streams().remove(unpublished.streamId()) != null) {
                    tellOthers(null, ServerMessage.newBuilder().setStreamUnpublished(
                            io.darktower.signaling.StreamUnpublished.newBuilder()
                                    .setStreamId(unpublished.streamId().toString())
                                    .setParticipantId(unpublished.participantId().toString())).build());
                }
            }
            case MeetingEnded ignored -> {
                for (UUID id : new ArrayList<>(present.keySet())) {
                    leave(id, LeaveReason.MEETING_ENDED);
                }
                for (RosterMember member : new ArrayList<>(pending.values())) {
                    member.removed(LeaveReason.MEETING_ENDED);
                }
                pending.clear();
                ended = true;
            }
            default -> {
                // settings, waiting room, subscriptions, assignments: nothing a session is told of (yet)
            }
        }
    }

    private void leave(UUID id, LeaveReason reason) {
        Present gone = present.remove(id);
        if (gone == null) {
            return;
        }
        gone.streams().keySet().forEach(subscribers::remove);
        subscribers.values().forEach(who -> who.remove(id));
        reroute();
        left.add(id);
        RosterMember member = members.remove(id);
        if (member == null) {
            member = pending.remove(id);
        }
        if (member != null) {
            member.removed(reason);
        }
        tellOthers(id, ServerMessage.newBuilder().setParticipantLeft(io.darktower.signaling.ParticipantLeft.newBuilder()
                .setParticipantId(id.toString()).setReason(reason.wire())).build());
    }

    private void tellOthers(UUID except, ServerMessage message) {
        for (RosterMember member : members.values()) {
            if (!member.participantId().equals(except)) {
                member.tell(message);
            }
        }
    }

    /** The join answer of {@code id}: everyone present before it, with their streams. */
    private JoinResponse.Builder snapshot(UUID id) {
        JoinResponse.Builder response = JoinResponse.newBuilder()
                .setMeetingId(meetingId.toString())
                .setParticipantId(id.toString())
                .setMediaUserId(mediaUserId(id));
        for (Present p : present.values()) {
            if (!p.joined().participantId().equals(id)) {
                response.addParticipants(participant(p));
            }
        }
        return response;
    }

    /** The present participants, in joining order, with their streams (for layouts). */
    public synchronized List<Participant> participants() {
        return present.values().stream().map(MeetingRoster::participant).toList();
    }

    private static Participant participant(Present p) {
        ParticipantJoined joined = p.joined();
        Participant.Builder participant = Participant.newBuilder()
                .setParticipantId(joined.participantId().toString())
                .setMediaUserId(mediaUserId(joined.participantId()))
                .setDisplayName(joined.displayName());
        if (joined.userId() != null) {
            participant.setUserId(joined.userId().toString());
        }
        p.streams().values().forEach(s -> participant.addStreams(stream(s)));
        return participant.build();
    }

    /** A published stream as signaling describes it. */
    public static Stream stream(StreamPublished published) {
        return Stream.newBuilder()
                .setStreamId(published.streamId().toString())
                .setParticipantId(published.participantId().toString())
                .setStreamType(published.streamType().wire())
                .setCodec(published.codec().wire())
                .setMaxBitrate(published.maxBitrate())
                .build();
    }
}
