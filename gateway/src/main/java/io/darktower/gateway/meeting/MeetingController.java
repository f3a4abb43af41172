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
import io.darktower.queries.meeting.MeetingQueries;
import io.darktower.queries.meeting.MeetingView;
import io.darktower.readmodel.MeetingStatus;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
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
    /** The reason of a 403 for a caller acting for no user (a service) creating a meeting. */
    static final String USER_REQUIRED = "USER_REQUIRED";

    private final CommandDispatcher commands;
    private final MeetingQueries queries;
    private final MeetingTokens meetingTokens;
    private final Clock clock;

    public MeetingController(CommandDispatcher commands, MeetingQueries queries, MeetingTokens meetingTokens) {
        this.commands = commands;
        this.queries = queries;
        this.meetingTokens = meetingTokens;
        // PostgreSQL keeps microseconds: the time in a command is the time every read model shows
        this.clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }

    /** The meeting as its creation left it (a retried creation answers the same), as its creator needs it. */
    public record CreatedMeeting(UUID meetingId, String meetingCode, String displayName, String status,
                                 int maxParticipants, MeetingSettings settings, Instant scheduledStartTime,
                                 Instant createdAt) {
    }

    /**
     * @param status    {@code joined}, or {@code waiting} until the host admits the participant
     * @param joinToken speaks for this participant of this meeting only (the media node admits with it; a guest leaves
     *                  and beats with it); short-lived
     */
    public record JoinedParticipant(UUID meetingId, UUID participantId, String status, String displayName, Instant joinedAt,
                                    String joinToken) {
        static final String JOINED = "joined";
        static final String WAITING = "waiting";
    }

    public record EndedMeeting(UUID meetingId, String status) {
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
        return body.switchIfEmpty(Mono.error(() -> ApiException.invalid("a JSON body is required")))
                .flatMap(request -> commands.send(new JoinMeeting(id, participantId, context.userId(),
                                request.displayName(), context.clientIp(), context.userAgent(), request.clientVersion(),
                                clock.instant()), context))
                .zipWith(meetingTokens.joinToken(id, participantId, context))
                .map(joined -> switch (joined.getT1()) {
                    case ParticipantJoined p -> ResponseEntity.created(location).body(new JoinedParticipant(
                            id, participantId, JoinedParticipant.JOINED, p.displayName(), p.joinedAt(), joined.getT2()));
                    case ParticipantWaiting waiting -> ResponseEntity.accepted().location(location).body(new JoinedParticipant(
                            id, participantId, JoinedParticipant.WAITING, waiting.displayName(), null, joined.getT2()));
                    default -> throw new IllegalStateException("unexpected outcome of a join: " + joined.getT1());
                });
    }

    @DeleteMapping("/{meetingId}/participants/{participantId}")
    public Mono<ResponseEntity<Void>> leave(@PathVariable String meetingId, @PathVariable String participantId,
                                            ServerWebExchange exchange) {
        UUID id = uuid(meetingId, "meeting id");
        UUID participant = uuid(participantId, "participant id");
        RequestContext context = RequestContext.of(exchange);
        LeaveMeeting.Requester requester = new LeaveMeeting.Requester(context.userId(),
                context.caller() == null ? null : context.caller().participantId());
        return commands.send(new LeaveMeeting(id, participant, LeaveReason.VOLUNTARY, requester, clock.instant()), context)
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
