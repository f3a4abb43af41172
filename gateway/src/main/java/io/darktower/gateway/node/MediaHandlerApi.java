package io.darktower.gateway.node;

import io.darktower.commands.node.ChangeMediaHandlerCapacity;
import io.darktower.commands.node.ChangeMediaHandlerHealth;
import io.darktower.commands.node.DeregisterMediaHandler;
import io.darktower.commands.node.RegisterMediaHandler;
import io.darktower.events.node.NodeHealth;
import io.darktower.gateway.api.ApiException;
import io.darktower.gateway.api.CommandDispatcher;
import io.darktower.gateway.api.RequestContext;
import io.darktower.gateway.node.NodeRequests.HealthBody;
import io.darktower.gateway.node.NodeRequests.MediaHandlerCapacityBody;
import io.darktower.gateway.node.NodeRequests.MediaHandlerHeartbeatBody;
import io.darktower.gateway.node.NodeRequests.RegisterMediaHandlerBody;
import io.darktower.queries.node.MediaHandlerView;
import io.darktower.queries.node.NodeQueries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The media handlers' registry over HTTP, shaped as {@link ControllerApi}. */
@RestController
@RequestMapping(path = "/api/v1/media-handlers", produces = MediaType.APPLICATION_JSON_VALUE)
public class MediaHandlerApi {

    private final CommandDispatcher commands;
    private final NodeQueries queries;
    private final NodeTelemetry telemetry;
    private final Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));

    public MediaHandlerApi(CommandDispatcher commands, NodeQueries queries, NodeTelemetry telemetry) {
        this.commands = commands;
        this.queries = queries;
        this.telemetry = telemetry;
    }

    public record Registration(String handlerId, String region, String endpoint, int maxStreams, int maxBitrateMbps,
                               boolean supportsTranscoding, boolean supportsMixing, List<String> supportedCodecs,
                               String version, Map<String, String> metadata) {
    }

    public record Capacity(String handlerId, int maxStreams, int maxBitrateMbps) {
    }

    public record Health(String handlerId, String health) {
    }

    public record HeartbeatAck(String handlerId, String health, Instant receivedAt) {
    }

    public record MediaHandlers(List<MediaHandlerView> mediaHandlers) {
    }

    @PutMapping(path = "/{handlerId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Registration> register(@PathVariable String handlerId, @RequestBody Mono<RegisterMediaHandlerBody> body,
                                       ServerWebExchange exchange) {
        return required(body).flatMap(request -> {
            RegisterMediaHandler command = new RegisterMediaHandler(handlerId, request.region(), request.endpoint(),
                    NodeRequests.intOrZero(request.maxStreams()), NodeRequests.intOrZero(request.maxBitrateMbps()),
                    request.transcoding(), request.mixing(), request.codecs(), request.version(), request.labels(),
                    clock.instant());
            return commands.send(command, RequestContext.of(exchange))
                    .then(Mono.fromSupplier(() -> new Registration(command.handlerId(), command.region(),
                            command.endpoint(), command.maxStreams(), command.maxBitrateMbps(),
                            command.supportsTranscoding(), command.supportsMixing(), command.supportedCodecs(),
                            command.version(), command.metadata())));
        });
    }

    @GetMapping("/{handlerId}")
    public Mono<MediaHandlerView> get(@PathVariable String handlerId) {
        return queries.findMediaHandler(NodeRequests.nodeId(handlerId))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("no media handler " + handlerId)));
    }

    @GetMapping
    public Mono<MediaHandlers> list(@RequestParam(required = false) String region) {
        return queries.listMediaHandlers(NodeRequests.region(region)).collectList().map(MediaHandlers::new);
    }

    @DeleteMapping("/{handlerId}")
    public Mono<ResponseEntity<Void>> deregister(@PathVariable String handlerId, ServerWebExchange exchange) {
        return commands.send(new DeregisterMediaHandler(handlerId, clock.instant()), RequestContext.of(exchange))
                .then(Mono.fromSupplier(() -> ResponseEntity.noContent().build()));
    }

    @PutMapping(path = "/{handlerId}/capacity", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Capacity> changeCapacity(@PathVariable String handlerId, @RequestBody Mono<MediaHandlerCapacityBody> body,
                                         ServerWebExchange exchange) {
        return required(body).flatMap(request -> {
            ChangeMediaHandlerCapacity command = new ChangeMediaHandlerCapacity(handlerId,
                    NodeRequests.intOrZero(request.maxStreams()), NodeRequests.intOrZero(request.maxBitrateMbps()),
                    clock.instant());
            return commands.send(command, RequestContext.of(exchange))
                    .then(Mono.fromSupplier(() -> new Capacity(handlerId, command.maxStreams(), command.maxBitrateMbps())));
        });
    }

    @PutMapping(path = "/{handlerId}/health", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Health> changeHealth(@PathVariable String handlerId, @RequestBody Mono<HealthBody> body,
                                     ServerWebExchange exchange) {
        return required(body).flatMap(request -> {
            NodeHealth health = NodeRequests.health(request.health(), true);
            return commands.send(new ChangeMediaHandlerHealth(handlerId, health, request.reason(), clock.instant()),
                            RequestContext.of(exchange))
                    .then(Mono.fromSupplier(() -> new Health(handlerId, health.wire())));
        });
    }

    @PostMapping(path = "/{handlerId}/heartbeat", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<HeartbeatAck> heartbeat(@PathVariable String handlerId, @RequestBody Mono<MediaHandlerHeartbeatBody> body,
                                        ServerWebExchange exchange) {
        String id = NodeRequests.nodeId(handlerId);
        return required(body).flatMap(request -> {
            int streams = NodeRequests.count(request.currentStreams(), "currentStreams");
            int bitrate = NodeRequests.count(request.currentBitrateMbps(), "currentBitrateMbps");
            NodeHealth reported = NodeRequests.health(request.health(), false);
            Instant now = clock.instant();
            return telemetry.mediaHandlerBeat(id, streams, bitrate, now)
                    .switchIfEmpty(Mono.error(() -> ApiException.notFound("no registered media handler " + id)))
                    .flatMap(known -> reported == null || reported == known
                            ? Mono.just(new HeartbeatAck(id, known.wire(), now))
                            : commands.send(new ChangeMediaHandlerHealth(id, reported, ControllerApi.REPORTED_BY_HEARTBEAT, now),
                                            RequestContext.of(exchange))
                                    .then(Mono.fromSupplier(() -> new HeartbeatAck(id, reported.wire(), now))));
        });
    }

    private static <T> Mono<T> required(Mono<T> body) {
        return body.switchIfEmpty(Mono.error(() -> ApiException.invalid("a JSON body is required")));
    }
}
