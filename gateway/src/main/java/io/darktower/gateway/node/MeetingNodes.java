package io.darktower.gateway.node;

import io.darktower.commands.meeting.PlaceMeeting;
import io.darktower.errors.ErrorCode;
import io.darktower.gateway.api.ApiException;
import io.darktower.gateway.api.CommandDispatcher;
import io.darktower.gateway.api.RequestContext;
import io.darktower.gateway.node.NodePlacement.Candidate;
import io.darktower.queries.meeting.MeetingQueries;
import io.darktower.queries.meeting.MeetingView;
import io.darktower.queries.node.NodeQueries;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The meeting node a joining participant connects to. A meeting the read model shows placed keeps its controller; an
 * unplaced one is placed by this join ({@link PlaceMeeting}) on a live controller with room, preferring the caller's
 * region, chosen at random weighted by free room ({@link NodePlacement#weighted}). The write side decides: two joins
 * placing at once leave the meeting on the first one's choice, and both answer it.
 *
 * <p>When no controller has room this refuses with 503 {@code CAPACITY_EXCEEDED} before anything is written, which is
 * why a join places first and joins after. With no controller registered at all the join goes ahead without a node,
 * unless {@code darktower.nodes.require-node} is set.
 */
@Component
public class MeetingNodes {

    /** The reason of the 503 when no node has room. */
    public static final String NO_NODE_AVAILABLE = "NO_NODE_AVAILABLE";
    /** The header a client may name its region in, when the join body does not. */
    public static final String REGION_HEADER = "X-Client-Region";

    private final MeetingQueries meetings;
    private final NodeQueries nodes;
    private final NodePlacement placement;
    private final CommandDispatcher commands;
    private final NodeProperties properties;
    private final Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));

    public MeetingNodes(MeetingQueries meetings, NodeQueries nodes, NodePlacement placement, CommandDispatcher commands,
                        NodeProperties properties) {
        this.meetings = meetings;
        this.nodes = nodes;
        this.placement = placement;
        this.commands = commands;
        this.properties = properties;
    }

    /**
     * The meeting's node.
     *
     * @param signalingUrl the WebTransport URL the node registered, or null if the node is gone meanwhile
     */
    public record AssignedNode(String controllerId, String region, String signalingUrl) {
    }

    /** The region hint of a join: the body's, else {@link #REGION_HEADER}'s, else none; a malformed one is a 400. */
    public static String regionHint(String fromBody, String fromHeader) {
        return NodeRequests.region(fromBody != null ? fromBody : fromHeader);
    }

    /** The node of the meeting, placing it first if it has none; empty when no node is registered and none required. */
    public Mono<AssignedNode> nodeFor(UUID meetingId, String region, RequestContext context) {
        return meetings.findMeeting(meetingId)
                .filter(meeting -> meeting.assignedControllerId() != null)
                .flatMap(this::known)
                .switchIfEmpty(Mono.defer(() -> place(meetingId, region, context)));
    }

    private Mono<AssignedNode> known(MeetingView meeting) {
        return registered(meeting.assignedControllerId(), meeting.assignedRegion());
    }

    /** The controller as registered; without its URL if it deregistered meanwhile (the sweeper moves its meetings). */
    private Mono<AssignedNode> registered(String controllerId, String region) {
        return nodes.findController(controllerId)
                .map(c -> new AssignedNode(c.controllerId(), c.region(), c.endpoint()))
                .defaultIfEmpty(new AssignedNode(controllerId, region, null));
    }

    private Mono<AssignedNode> place(UUID meetingId, String region, RequestContext context) {
        return Mono.fromCallable(() -> placement.controllers(properties.heartbeatTimeout()))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(controllers -> {
                    if (controllers.registered() == 0 && !properties.requireNode()) {
                        return Mono.empty();
                    }
                    Candidate chosen = NodePlacement.weighted(controllers.live(), region, ThreadLocalRandom.current());
                    if (chosen == null) {
                        return Mono.error(new ApiException(ErrorCode.CAPACITY_EXCEEDED, NO_NODE_AVAILABLE,
                                "no meeting node has room for this meeting now; try again later"));
                    }
                    return commands.<String>send(new PlaceMeeting(meetingId, chosen.id(), chosen.region(), clock.instant()), context)
                            .flatMap(placed -> placed.equals(chosen.id())
                                    ? Mono.just(new AssignedNode(chosen.id(), chosen.region(), chosen.endpoint()))
                                    : registered(placed, null));
                });
    }
}
