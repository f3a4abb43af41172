package io.darktower.gateway.meeting;

import static io.darktower.gateway.api.PathIds.uuid;

import io.darktower.commands.meeting.AdmitParticipant;
import io.darktower.commands.meeting.KickParticipant;
import io.darktower.commands.meeting.PublishStream;
import io.darktower.commands.meeting.RejectParticipant;
import io.darktower.commands.meeting.SubscribeStream;
import io.darktower.commands.meeting.UnpublishStream;
import io.darktower.commands.meeting.UnsubscribeStream;
import io.darktower.events.meeting.StreamPublished;
import io.darktower.gateway.api.ApiException;
import io.darktower.gateway.api.CommandDispatcher;
import io.darktower.gateway.api.IdempotencyKeys;
import io.darktower.gateway.api.RequestContext;
import io.darktower.gateway.meeting.MeetingRequests.PublishStreamBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * What happens to a participant of a meeting over HTTP: the host admits, turns away and removes; the participant
 * publishes and ends streams and subscribes to others'. Every answer comes from the command's outcome; a repeat
 * changes nothing and answers the same.
 */
@RestController
@RequestMapping(path = "/api/v1/meetings/{meetingId}/participants/{participantId}", produces = MediaType.APPLICATION_JSON_VALUE)
public class ParticipantController {

    private final CommandDispatcher commands;
    private final Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));

    public ParticipantController(CommandDispatcher commands) {
        this.commands = commands;
    }

    /** A published stream as its publisher needs it. */
    public record PublishedStream(UUID streamId, UUID meetingId, UUID participantId, String streamType, String codec,
                                  long maxBitrate, Instant createdAt, List<UUID> participantStreams) {
    }

    @PostMapping("/admit")
    public Mono<ResponseEntity<Void>> admit(@PathVariable String meetingId, @PathVariable String participantId,
                                            ServerWebExchange exchange) {
        return moderate(meetingId, participantId, exchange, (m, p, caller, admin, at) -> new AdmitParticipant(m, p, caller, admin, at));
    }

    @PostMapping("/reject")
    public Mono<ResponseEntity<Void>> reject(@PathVariable String meetingId, @PathVariable String participantId,
                                             ServerWebExchange exchange) {
        return moderate(meetingId, participantId, exchange, (m, p, caller, admin, at) -> new RejectParticipant(m, p, caller, admin, at));
    }

    @PostMapping("/kick")
    public Mono<ResponseEntity<Void>> kick(@PathVariable String meetingId, @PathVariable String participantId,
                                           ServerWebExchange exchange) {
        return moderate(meetingId, participantId, exchange, (m, p, caller, admin, at) -> new KickParticipant(m, p, caller, admin, at));
    }

    /** What the host does to a participant, as a command naming the caller. */
    private interface Moderation {
        Object command(UUID meetingId, UUID participantId, UUID caller, boolean admin, Instant at);
    }

    private Mono<ResponseEntity<Void>> moderate(String meetingId, String participantId, ServerWebExchange exchange,
                                                Moderation moderation) {
        RequestContext context = RequestContext.of(exchange);
        return noContent(commands.send(moderation.command(uuid(meetingId, "meeting id"), uuid(participantId, "participant id"),
                context.userId(), context.admin(), clock.instant()), context));
    }

    /** With an {@code Idempotency-Key}, a retried publish answers with the same stream and publishes nothing. */
    @ApiResponse(responseCode = "201", description = "Created; Location names it")
    @PostMapping(path = "/streams", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<PublishedStream>> publish(@PathVariable String meetingId, @PathVariable String participantId,
                                                         @RequestBody Mono<PublishStreamBody> body, ServerWebExchange exchange) {
        UUID meeting = uuid(meetingId, "meeting id");
        UUID participant = uuid(participantId, "participant id");
        RequestContext context = RequestContext.of(exchange);
        UUID streamId = IdempotencyKeys.idFor(exchange, "publish-stream:" + meeting + ":" + participant);
        return body.switchIfEmpty(Mono.error(() -> ApiException.invalid("a JSON body is required")))
                .flatMap(request -> commands.<StreamPublished>send(new PublishStream(meeting, streamId, participant,
                        request.streamType(), request.codec(), request.maxBitrate() == null ? 0 : request.maxBitrate(),
                        context.requester(), clock.instant()), context))
                .map(p -> ResponseEntity.created(URI.create("/api/v1/meetings/" + meeting + "/participants/" + participant
                                + "/streams/" + p.streamId()))
                        .body(new PublishedStream(p.streamId(), meeting, participant, p.streamType().wire(), p.codec().wire(),
                                p.maxBitrate(), p.publishedAt(), p.participantStreams())));
    }

    @DeleteMapping("/streams/{streamId}")
    public Mono<ResponseEntity<Void>> unpublish(@PathVariable String meetingId, @PathVariable String participantId,
                                                @PathVariable String streamId, ServerWebExchange exchange) {
        RequestContext context = RequestContext.of(exchange);
        return noContent(commands.send(new UnpublishStream(uuid(meetingId, "meeting id"), uuid(streamId, "stream id"),
                uuid(participantId, "participant id"), context.requester(), clock.instant()), context));
    }

    @PutMapping("/subscriptions/{streamId}")
    public Mono<ResponseEntity<Void>> subscribe(@PathVariable String meetingId, @PathVariable String participantId,
                                                @PathVariable String streamId, ServerWebExchange exchange) {
        RequestContext context = RequestContext.of(exchange);
        return noContent(commands.send(new SubscribeStream(uuid(meetingId, "meeting id"), uuid(streamId, "stream id"),
                uuid(participantId, "participant id"), context.requester(), clock.instant()), context));
    }

    @DeleteMapping("/subscriptions/{streamId}")
    public Mono<ResponseEntity<Void>> unsubscribe(@PathVariable String meetingId, @PathVariable String participantId,
                                                  @PathVariable String streamId, ServerWebExchange exchange) {
        RequestContext context = RequestContext.of(exchange);
        return noContent(commands.send(new UnsubscribeStream(uuid(meetingId, "meeting id"), uuid(streamId, "stream id"),
                uuid(participantId, "participant id"), context.requester(), clock.instant()), context));
    }

    private static Mono<ResponseEntity<Void>> noContent(Mono<Object> outcome) {
        return outcome.then(Mono.fromSupplier(() -> ResponseEntity.noContent().build()));
    }

}
