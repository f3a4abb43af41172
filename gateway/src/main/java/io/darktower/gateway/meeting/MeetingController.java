package io.darktower.gateway.meeting;

import static io.darktower.gateway.api.PathIds.uuid;

import io.darktower.commands.meeting.ChangeMeetingSettings;
import io.darktower.commands.meeting.CreateMeeting;
import io.darktower.commands.meeting.EndMeeting;
import io.darktower.commands.meeting.JoinMeeting;
import io.darktower.commands.meeting.LeaveMeeting;
import io.darktower.commands.Rejected;
import io.darktower.commands.meeting.MeetingRejection;
import io.darktower.errors.ErrorCode;
import io.darktower.events.meeting.LeaveReason;
import io.darktower.events.meeting.MeetingCreated;
import io.darktower.events.meeting.MeetingSettings;
import io.darktower.events.meeting.ParticipantJoined;
import io.darktower.events.meeting.ParticipantWaiting;
import io.darktower.gateway.api.ApiException;
import io.darktower.gateway.api.CommandDispatcher;
import io.darktower.gateway.api.IdempotencyKeys;
import io.darktower.gateway.api.RequestContext;
import io.darktower.gateway.auth.MeetingTokens;
import io.darktower.gateway.meeting.MeetingRequests.ChangeSettingsBody;
import io.darktower.gateway.meeting.MeetingRequests.CreateMeetingBody;
import io.darktower.gateway.meeting.MeetingRequests.JoinMeetingBody;
import io.darktower.gateway.node.MeetingNodes;
import io.darktower.queries.meeting.MeetingCursor;
import io.darktower.queries.meeting.MeetingQueries;
import io.darktower.queries.meeting.MeetingView;
import io.darktower.queries.webtransport.WebTransportTokens;
import io.darktower.readmodel.MeetingStatus;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.axonframework.messaging.interceptors.JSR303ViolationException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Meetings over HTTP. Writes answer from the command's outcome; reads come from the read model, which follows
 * the event log within milliseconds, so a meeting just created may briefly answer 404 on GET.
 */
@RestController
@RequestMapping(path = "/api/v1/meetings", produces = MediaType.APPLICATION_JSON_VALUE)
public class MeetingController {

    private static final int CODE_ATTEMPTS = 3;
    private static final int DEFAULT_PAGE = 20;
    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();
    /** The reason of a 403 for a caller acting for no user (a service) creating a meeting. */
    static final String USER_REQUIRED = "USER_REQUIRED";

    private final CommandDispatcher commands;
    private final MeetingQueries queries;
    private final MeetingNodes nodes;
    private final WebTransportTokens tokens;
    private final MeetingTokens meetingTokens;
    private final MeetingAccess access;
    private final Clock clock;

    public MeetingController(CommandDispatcher commands, MeetingQueries queries, MeetingNodes nodes,
                             WebTransportTokens tokens, MeetingTokens meetingTokens, MeetingAccess access) {
        this.commands = commands;
        this.queries = queries;
        this.nodes = nodes;
        this.tokens = tokens;
        this.meetingTokens = meetingTokens;
        this.access = access;
        // PostgreSQL keeps microseconds: the time in a command is the time every read model shows
        this.clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }

    /** The meeting as its creation left it (a retried creation answers the same), as its creator needs it. */
    public record CreatedMeeting(UUID meetingId, String meetingCode, String displayName, String status,
                                 int maxParticipants, MeetingSettings settings, Instant scheduledStartTime,
                                 Instant createdAt) {
    }

    /**
     * @param status       {@code joined}, or {@code waiting} until the host admits the participant
     * @param signalingUrl the WebTransport URL of the meeting's node; null while waiting, or on a platform without nodes
     * @param wtToken      the one-time token that node admits the session with ({@code wt:token:{token}}, 5 minutes);
     *                     null while waiting: joining again with the same Idempotency-Key once admitted gives one
     * @param joinToken    speaks for this participant of this meeting only (the media node admits with it; a guest
     *                     leaves and beats with it); short-lived; given while waiting too
     */
    public record JoinedParticipant(UUID meetingId, UUID participantId, String status, String displayName, Instant joinedAt,
                                    String signalingUrl, String wtToken, String joinToken) {
        static final String JOINED = "joined";
        static final String WAITING = "waiting";
    }

    public record EndedMeeting(UUID meetingId, String status) {
    }

    /** The present participants of a meeting. */
    public record Participants(UUID meetingId, List<MeetingView.Participant> participants) {
    }

    /**
     * A page of meetings: each as GET answers it, with {@code participantCount} but an empty {@code participants}.
     *
     * @param nextCursor the {@code cursor} of the next page; null on the last page
     * @param next       the next page's path and query; null on the last page
     */
    public record MeetingList(List<MeetingView> items, String nextCursor, String next) {
    }

    /** With an {@code Idempotency-Key}, a retried request answers as the first one did and creates nothing. */
    @ApiResponse(responseCode = "201", description = "Created; Location names it")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<CreatedMeeting>> create(@RequestBody Mono<CreateMeetingBody> body, ServerWebExchange exchange) {
        RequestContext context = RequestContext.of(exchange);
        if (context.userId() == null) {
            throw new ApiException(ErrorCode.FORBIDDEN, USER_REQUIRED, "a meeting is created by a user: its host");
        }
        UUID meetingId = IdempotencyKeys.idFor(exchange, "create-meeting");
        return body.switchIfEmpty(Mono.error(() -> ApiException.invalid("a JSON body is required")))
                .flatMap(request -> {
                    Instant now = clock.instant();
                    // a new code per attempt: the write side refuses a code another meeting holds
                    return Mono.defer(() -> commands.<MeetingCreated>send(new CreateMeeting(meetingId, MeetingCodes.next(),
                                    request.displayName(), request.capacity(), request.meetingSettings(),
                                    request.scheduledStartTime(), context.userId(), now), context))
                            .retryWhen(Retry.max(CODE_ATTEMPTS - 1).filter(MeetingController::codeTaken))
                            .map(created -> ResponseEntity.created(URI.create("/api/v1/meetings/" + meetingId))
                                    .body(new CreatedMeeting(meetingId, created.meetingCode(), created.displayName(),
                                            MeetingStatus.SCHEDULED.wire(), created.maxParticipants(), created.settings(),
                                            created.scheduledStartTime(), created.createdAt())));
                });
    }

    /** Changes what the host may change; a field left out keeps its value. Answers the meeting as changed. */
    @PatchMapping(path = "/{meetingId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Void>> change(@PathVariable String meetingId, @RequestBody Mono<ChangeSettingsBody> body,
                                             ServerWebExchange exchange) {
        UUID id = uuid(meetingId, "meeting id");
        RequestContext context = RequestContext.of(exchange);
        return body.switchIfEmpty(Mono.error(() -> ApiException.invalid("a JSON body is required")))
                .flatMap(request -> commands.send(new ChangeMeetingSettings(id, request.displayName(),
                        request.maxParticipants(), request.switches(), request.scheduledStartTime(), context.userId(),
                        context.admin(), clock.instant()), context))
                .then(Mono.fromSupplier(() -> ResponseEntity.noContent().build()));
    }

    /** The meeting a person was given the code of (the seed's short human-readable {@code meeting_code}). */
    @GetMapping("/by-code/{meetingCode}")
    public Mono<MeetingView> byCode(@PathVariable String meetingCode) {
        return queries.findMeetingByCode(MeetingCodes.checked(meetingCode))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("no meeting with code " + meetingCode)));
    }

    @GetMapping("/{meetingId}")
    public Mono<MeetingView> get(@PathVariable String meetingId) {
        UUID id = uuid(meetingId, "meeting id");
        return queries.findMeeting(id)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("no meeting " + meetingId)));
    }

    /**
     * Joins, or enters the waiting room of a meeting that has one (202, {@code status: waiting}); with an
     * {@code Idempotency-Key}, a retried join answers as the first one did and joins nothing.
     */
    @ApiResponse(responseCode = "201", description = "Created; Location names it")
    @ApiResponse(responseCode = "202", description = "Accepted: waiting in the lobby to be admitted")
    @PostMapping(path = "/{meetingId}/participants", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<JoinedParticipant>> join(@PathVariable String meetingId,
                                                        @RequestBody Mono<JoinMeetingBody> body,
                                                        ServerWebExchange exchange) {
        UUID id = uuid(meetingId, "meeting id");
        RequestContext context = RequestContext.of(exchange);
        UUID participantId = IdempotencyKeys.idFor(exchange, "join-meeting:" + id);
        URI location = URI.create("/api/v1/meetings/" + id + "/participants/" + participantId);
        String regionHeader = exchange.getRequest().getHeaders().getFirst(MeetingNodes.REGION_HEADER);
        return body.switchIfEmpty(Mono.error(() -> ApiException.invalid("a JSON body is required")))
                .flatMap(request -> {
                    Instant now = clock.instant();
                    JoinMeeting command = new JoinMeeting(id, participantId, context.userId(), request.displayName(),
                            context.clientIp(), context.userAgent(), request.clientVersion(), now);
                    // checked before the meeting is placed: a join refused for its fields writes nothing at all
                    Set<ConstraintViolation<Object>> violations = VALIDATOR.validate((Object) command);
                    if (!violations.isEmpty()) {
                        throw new JSR303ViolationException(violations);
                    }
                    String region = MeetingNodes.regionHint(request.region(), regionHeader);
                    // placed first, joined after: no node with room refuses the join before anything is written
                    return nodes.nodeFor(id, region, context).map(Optional::of).defaultIfEmpty(Optional.empty())
                            .flatMap(node -> commands.send(command, context)
                                    .zipWith(meetingTokens.joinToken(id, participantId, context))
                                    .flatMap(joined -> answer(joined.getT1(), id, participantId, location,
                                            node.orElse(null), joined.getT2(), now)));
                });
    }

    private Mono<ResponseEntity<JoinedParticipant>> answer(Object outcome, UUID meetingId, UUID participantId, URI location,
                                                           MeetingNodes.AssignedNode node, String joinToken,
                                                           Instant now) {
        return switch (outcome) {
            case ParticipantJoined joined -> tokens.issue(participantId, meetingId, now)
                    .map(token -> ResponseEntity.created(location).body(new JoinedParticipant(meetingId, participantId,
                            JoinedParticipant.JOINED, joined.displayName(), joined.joinedAt(),
                            node == null ? null : node.signalingUrl(), token, joinToken)));
            case ParticipantWaiting waiting -> Mono.just(ResponseEntity.accepted().location(location).body(
                    new JoinedParticipant(meetingId, participantId, JoinedParticipant.WAITING, waiting.displayName(), null,
                            null, null, joinToken)));
            default -> Mono.error(new IllegalStateException("unexpected outcome of a join: " + outcome));
        };
    }

    /** The participants present, in join order (as {@code GET /api/v1/meetings/{id}} has them). */
    @GetMapping("/{meetingId}/participants")
    public Mono<Participants> participants(@PathVariable String meetingId, ServerWebExchange exchange) {
        UUID id = uuid(meetingId, "meeting id");
        return access.requireMember(id, RequestContext.of(exchange))
                .flatMap(meeting -> Mono.just(new Participants(id, meeting.participants())));
    }

    /**
     * Meetings newest first, a page at a time: {@code user_id} keeps those the user created or took part in (by default
     * the caller's own; another user's for an administrator only, who without it sees every meeting), {@code active}
     * those active (true) or not (false); {@code cursor} is the previous page's {@code nextCursor}.
     */
    @GetMapping
    public Mono<MeetingList> list(@RequestParam(name = "user_id", required = false) String userId,
                                  @RequestParam(required = false) String active,
                                  @RequestParam(required = false) String cursor,
                                  @RequestParam(required = false) String limit,
                                  ServerWebExchange exchange) {
        UUID user = access.listableFor(userId == null ? null : uuid(userId, "user_id"), RequestContext.of(exchange));
        Boolean activeOnly = active == null ? null : switch (active) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw ApiException.invalid("active is true or false");
        };
        MeetingCursor after = cursor == null ? null : MeetingCursor.decode(cursor)
                .orElseThrow(() -> ApiException.invalid("cursor is not one this API gave"));
        int size = pageSize(limit);
        return queries.listMeetings(user, activeOnly, after, size).map(page -> {
            String next = page.next() == null ? null : page.next().encode();
            String link = next == null ? null : UriComponentsBuilder.fromPath("/api/v1/meetings")
                    .queryParamIfPresent("user_id", Optional.ofNullable(userId))
                    .queryParamIfPresent("active", Optional.ofNullable(active))
                    .queryParam("limit", size)
                    .queryParam("cursor", next)
                    .build().toUriString();
            return new MeetingList(page.items(), next, link);
        });
    }

    private static int pageSize(String limit) {
        if (limit == null) {
            return DEFAULT_PAGE;
        }
        try {
            int size = Integer.parseInt(limit);
            if (size >= 1 && size <= MeetingQueries.MAX_PAGE) {
                return size;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.invalid("limit is 1 to " + MeetingQueries.MAX_PAGE);
    }

    @DeleteMapping("/{meetingId}/participants/{participantId}")
    public Mono<ResponseEntity<Void>> leave(@PathVariable String meetingId, @PathVariable String participantId,
                                            ServerWebExchange exchange) {
        UUID id = uuid(meetingId, "meeting id");
        UUID participant = uuid(participantId, "participant id");
        RequestContext context = RequestContext.of(exchange);
        return commands.send(new LeaveMeeting(id, participant, LeaveReason.VOLUNTARY, context.requester(), clock.instant()), context)
                .then(Mono.fromSupplier(() -> ResponseEntity.noContent().build()));
    }

    @PostMapping("/{meetingId}/end")
    public Mono<EndedMeeting> end(@PathVariable String meetingId, ServerWebExchange exchange) {
        UUID id = uuid(meetingId, "meeting id");
        RequestContext context = RequestContext.of(exchange);
        return commands.send(new EndMeeting(id, context.userId(), context.admin(), clock.instant()), context)
                .then(Mono.fromSupplier(() -> new EndedMeeting(id, MeetingStatus.ENDED.wire())));
    }

    private static boolean codeTaken(Throwable failure) {
        return failure instanceof Rejected rejected && rejected.reason() == MeetingRejection.MEETING_CODE_TAKEN;
    }
}
