package io.darktower.gateway.recording;

import io.darktower.commands.recording.FailRecording;
import io.darktower.commands.recording.MarkRecordingProcessing;
import io.darktower.commands.recording.MarkRecordingReady;
import io.darktower.commands.recording.RecordingRequester;
import io.darktower.commands.recording.RevokeRecordingShare;
import io.darktower.commands.recording.ShareRecording;
import io.darktower.commands.recording.ShareTokens;
import io.darktower.commands.recording.StartRecording;
import io.darktower.commands.recording.StopRecording;
import io.darktower.events.recording.RecordingShared;
import io.darktower.events.recording.RecordingStarted;
import io.darktower.gateway.api.ApiException;
import io.darktower.gateway.api.CommandDispatcher;
import io.darktower.gateway.api.IdempotencyKeys;
import io.darktower.gateway.api.PathIds;
import io.darktower.gateway.api.RequestContext;
import io.darktower.gateway.meeting.MeetingAccess;
import io.darktower.gateway.recording.RecordingRequests.FailedBody;
import io.darktower.gateway.recording.RecordingRequests.ReadyBody;
import io.darktower.gateway.recording.RecordingRequests.ShareBody;
import io.darktower.queries.recording.RecordingQueries;
import io.darktower.queries.recording.RecordingView;
import io.darktower.readmodel.RecordingStatus;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Recordings over HTTP. Writes answer from the command's outcome; reads come from the read model, which follows
 * the event log within milliseconds, so a recording just started may briefly answer 404 on GET.
 *
 * <p>The start, stop, processing, ready and failed calls are what a media node's recorder and the processing
 * pipeline send; the gateway lets only service clients send the last three (docs/api.md); the meeting decides who starts.
 */
@RestController
public class RecordingController {

    private final CommandDispatcher commands;
    private final RecordingQueries queries;
    private final MeetingAccess access;
    private final String bucket;
    private final Clock clock;

    public RecordingController(CommandDispatcher commands, RecordingQueries queries, MeetingAccess access,
                               @Value("${darktower.recordings.bucket:darktower-recordings}") String bucket) {
        this.commands = commands;
        this.queries = queries;
        this.access = access;
        this.bucket = bucket;
        // PostgreSQL keeps microseconds: the time in a command is the time every read model shows
        this.clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }

    public record StartedRecording(UUID recordingId, UUID meetingId, String status, Instant startedAt,
                                   String storagePath, String storageBucket) {
    }

    public record RecordingState(UUID recordingId, String status) {
    }

    /**
     * @param accessToken the sharing link's token, shown this once (only its hash is kept); null on a retry of the
     *                    same request (same {@code Idempotency-Key}), whose token was handed out the first time
     */
    public record Share(UUID recordingId, boolean isPublic, String accessToken, Instant sharedAt) {
    }

    /** With an {@code Idempotency-Key}, a retried start answers as the first one did and starts nothing. */
    @ApiResponse(responseCode = "201", description = "Created; Location names it")
    @PostMapping(path = "/api/v1/meetings/{meetingId}/recordings", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<StartedRecording>> start(@PathVariable String meetingId, ServerWebExchange exchange) {
        UUID meeting = PathIds.uuid(meetingId, "meeting id");
        RequestContext context = RequestContext.of(exchange);
        UUID recordingId = IdempotencyKeys.idFor(exchange, "start-recording:" + meeting);
        String path = "meetings/" + meeting + "/recordings/" + recordingId;
        return commands.<RecordingStarted>send(new StartRecording(recordingId, meeting, context.userId(), context.admin(), path,
                        bucket, clock.instant()), context)
                .onErrorMap(AggregateNotFoundException.class, e -> ApiException.notFound("no meeting " + meeting))
                .map(started -> ResponseEntity.created(URI.create("/api/v1/recordings/" + recordingId))
                        .body(new StartedRecording(recordingId, meeting, RecordingStatus.RECORDING.wire(),
                                started.startedAt(), started.storagePath(), started.storageBucket())));
    }

    @PostMapping(path = "/api/v1/recordings/{recordingId}/stop", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<RecordingState> stop(@PathVariable String recordingId, ServerWebExchange exchange) {
        UUID id = PathIds.uuid(recordingId, "recording id");
        return transition(id, new StopRecording(id, requester(exchange), clock.instant()), exchange);
    }

    @PostMapping(path = "/api/v1/recordings/{recordingId}/processing", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<RecordingState> processing(@PathVariable String recordingId, ServerWebExchange exchange) {
        UUID id = PathIds.uuid(recordingId, "recording id");
        return transition(id, new MarkRecordingProcessing(id, clock.instant()), exchange);
    }

    @PostMapping(path = "/api/v1/recordings/{recordingId}/ready", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<RecordingState> ready(@PathVariable String recordingId, @RequestBody Mono<ReadyBody> body,
                                      ServerWebExchange exchange) {
        UUID id = PathIds.uuid(recordingId, "recording id");
        return required(body).flatMap(ready -> transition(id, new MarkRecordingReady(id, ready.fileSizeBytes(),
                ready.durationSeconds(), ready.videoCodec(), ready.audioCodec(), ready.resolution(),
                ready.storagePath(), ready.storageBucket(), clock.instant()), exchange));
    }

    @PostMapping(path = "/api/v1/recordings/{recordingId}/failed", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<RecordingState> failed(@PathVariable String recordingId, @RequestBody Mono<FailedBody> body,
                                       ServerWebExchange exchange) {
        UUID id = PathIds.uuid(recordingId, "recording id");
        return required(body).flatMap(failed ->
                transition(id, new FailRecording(id, failed.errorMessage(), clock.instant()), exchange));
    }

    /**
     * Opens a new sharing link (any earlier one stops working) and answers its token once. With an
     * {@code Idempotency-Key}, a retry changes nothing and answers without the token.
     */
    @PutMapping(path = "/api/v1/recordings/{recordingId}/share", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Share> share(@PathVariable String recordingId,
                             @RequestBody(required = false) Mono<ShareBody> body, ServerWebExchange exchange) {
        UUID id = PathIds.uuid(recordingId, "recording id");
        RequestContext context = RequestContext.of(exchange);
        UUID shareId = IdempotencyKeys.idFor(exchange, "share-recording:" + id);
        String token = ShareTokens.newToken();
        String hash = ShareTokens.hash(token);
        return body.defaultIfEmpty(new ShareBody(null))
                .flatMap(share -> commands.<RecordingShared>send(
                        new ShareRecording(id, shareId, requester(exchange), share.publicAccess(), hash,
                                clock.instant()), context))
                .onErrorMap(AggregateNotFoundException.class, e -> ApiException.notFound("no recording " + id))
                .map(shared -> new Share(id, shared.isPublic(),
                        shared.accessTokenHash().equals(hash) ? token : null, shared.sharedAt()));
    }

    @DeleteMapping("/api/v1/recordings/{recordingId}/share")
    public Mono<ResponseEntity<Void>> unshare(@PathVariable String recordingId, ServerWebExchange exchange) {
        UUID id = PathIds.uuid(recordingId, "recording id");
        return commands.send(new RevokeRecordingShare(id, requester(exchange), clock.instant()), RequestContext.of(exchange))
                .onErrorMap(AggregateNotFoundException.class, e -> ApiException.notFound("no recording " + id))
                .then(Mono.fromSupplier(() -> ResponseEntity.noContent().build()));
    }

    /** Its meeting's host, participants and administrators see a recording ({@link MeetingAccess}). */
    @GetMapping(path = "/api/v1/recordings/{recordingId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<RecordingView> get(@PathVariable String recordingId, ServerWebExchange exchange) {
        UUID id = PathIds.uuid(recordingId, "recording id");
        return queries.findRecording(id)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("no recording " + id)))
                .flatMap(recording -> access.requireMember(recording.meetingId(), RequestContext.of(exchange))
                        .thenReturn(recording));
    }

    @GetMapping(path = "/api/v1/meetings/{meetingId}/recordings", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<List<RecordingView>> ofMeeting(@PathVariable String meetingId, ServerWebExchange exchange) {
        UUID meeting = PathIds.uuid(meetingId, "meeting id");
        return access.requireMember(meeting, RequestContext.of(exchange))
                .then(queries.recordingsOf(meeting).collectList());
    }

    private static RecordingRequester requester(ServerWebExchange exchange) {
        RequestContext context = RequestContext.of(exchange);
        return new RecordingRequester(context.userId(), context.admin());
    }

    private Mono<RecordingState> transition(UUID id, Object command, ServerWebExchange exchange) {
        return commands.<RecordingStatus>send(command, RequestContext.of(exchange))
                .onErrorMap(AggregateNotFoundException.class, e -> ApiException.notFound("no recording " + id))
                .map(status -> new RecordingState(id, status.wire()));
    }

    private static <T> Mono<T> required(Mono<T> body) {
        return body.switchIfEmpty(Mono.error(() -> ApiException.invalid("a JSON body is required")));
    }
}
