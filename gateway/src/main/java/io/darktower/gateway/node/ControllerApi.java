package io.darktower.gateway.node;

import io.darktower.commands.node.ChangeControllerCapacity;
import io.darktower.commands.node.ChangeControllerHealth;
import io.darktower.commands.node.DeregisterController;
import io.darktower.commands.node.RegisterController;
import io.darktower.events.node.NodeHealth;
import io.darktower.gateway.api.ApiException;
import io.darktower.gateway.api.CommandDispatcher;
import io.darktower.gateway.api.RequestContext;
import io.darktower.gateway.node.NodeRequests.ControllerCapacityBody;
import io.darktower.gateway.node.NodeRequests.ControllerHeartbeatBody;
import io.darktower.gateway.node.NodeRequests.HealthBody;
import io.darktower.gateway.node.NodeRequests.RegisterControllerBody;
import io.darktower.queries.node.ControllerView;
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

/**
 * The meeting controllers' registry over HTTP. Registration, limits, health and deregistration are commands (facts);
 * heartbeats are telemetry written straight to the read models, and only a reported health that differs from the
 * known one becomes a command. Reads come from the read model, which follows the log within milliseconds.
 */
@RestController
@RequestMapping(path = "/api/v1/controllers", produces = MediaType.APPLICATION_JSON_VALUE)
public class ControllerApi {

    static final String REPORTED_BY_HEARTBEAT = "reported by heartbeat";

    private final CommandDispatcher commands;
    private final NodeQueries queries;
    private final NodeTelemetry telemetry;
    private final Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));

    public ControllerApi(CommandDispatcher commands, NodeQueries queries, NodeTelemetry telemetry) {
        this.commands = commands;
        this.queries = queries;
        this.telemetry = telemetry;
    }

    /** The registration as the controller asked for it; the same request again registers nothing new. */
    public record Registration(String controllerId, String region, String endpoint, int maxMeetings,
                               int maxParticipants, String version, Map<String, String> metadata) {
    }

    public record Capacity(String controllerId, int maxMeetings, int maxParticipants) {
    }

    public record Health(String controllerId, String health) {
    }

    /** What a heartbeat recorded: the health the controller has now (the reported one if it reported one). */
    public record HeartbeatAck(String controllerId, String health, Instant receivedAt) {
    }

    public record Controllers(List<ControllerView> controllers) {
    }

    @PutMapping(path = "/{controllerId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Registration> register(@PathVariable String controllerId, @RequestBody Mono<RegisterControllerBody> body,
                                       ServerWebExchange exchange) {
        return required(body).flatMap(request -> {
            RegisterController command = new RegisterController(controllerId, request.region(), request.endpoint(),
                    NodeRequests.intOrZero(request.maxMeetings()), NodeRequests.intOrZero(request.maxParticipants()),
                    request.version(), request.labels(), clock.instant());
            return commands.send(command, RequestContext.of(exchange))
                    .then(Mono.fromSupplier(() -> new Registration(command.controllerId(), command.region(),
                            command.endpoint(), command.maxMeetings(), command.maxParticipants(), command.version(),
                            command.metadata())));
        });
    }

    @GetMapping("/{controllerId}")
    public Mono<ControllerView> get(@PathVariable String controllerId) {
        return queries.findController(NodeRequests.nodeId(controllerId))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("no controller " + controllerId)));
    }

    @GetMapping
    public Mono<Controllers> list(@RequestParam(required = false) String region) {
        return queries.listControllers(NodeRequests.region(region)).collectList().map(Controllers::new);
    }

    @DeleteMapping("/{controllerId}")
    public Mono<ResponseEntity<Void>> deregister(@PathVariable String controllerId, ServerWebExchange exchange) {
        return commands.send(new DeregisterController(controllerId, clock.instant()), RequestContext.of(exchange))
                .then(Mono.fromSupplier(() -> ResponseEntity.noContent().build()));
    }

    @PutMapping(path = "/{controllerId}/capacity", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Capacity> changeCapacity(@PathVariable String controllerId, @RequestBody Mono<ControllerCapacityBody> body,
                                         ServerWebExchange exchange) {
        return required(body).flatMap(request -> {
            ChangeControllerCapacity command = new ChangeControllerCapacity(controllerId,
                    NodeRequests.intOrZero(request.maxMeetings()), NodeRequests.intOrZero(request.maxParticipants()),
                    clock.instant());
            return commands.send(command, RequestContext.of(exchange))
                    .then(Mono.fromSupplier(() -> new Capacity(controllerId, command.maxMeetings(), command.maxParticipants())));
        });
    }

    @PutMapping(path = "/{controllerId}/health", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Health> changeHealth(@PathVariable String controllerId, @RequestBody Mono<HealthBody> body,
                                     ServerWebExchange exchange) {
        return required(body).flatMap(request -> {
            NodeHealth health = NodeRequests.health(request.health(), true);
            return commands.send(new ChangeControllerHealth(controllerId, health, request.reason(), clock.instant()),
                            RequestContext.of(exchange))
                    .then(Mono.fromSupplier(() -> new Health(controllerId, health.wire())));
        });
    }

    @PostMapping(path = "/{controllerId}/heartbeat", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<HeartbeatAck> heartbeat(@PathVariable String controllerId, @RequestBody Mono<ControllerHeartbeatBody> body,
                                        ServerWebExchange exchange) {
        String id = NodeRequests.nodeId(controllerId);
        return required(body).flatMap(request -> {
            int meetings = NodeRequests.count(request.currentMeetings(), "currentMeetings");
            int participants = NodeRequests.count(request.currentParticipants(), "currentParticipants");
            NodeHealth reported = NodeRequests.health(request.health(), false);
            Instant now = clock.instant();
            return telemetry.controllerBeat(id, meetings, participants, reported, now)
                    .switchIfEmpty(Mono.error(() -> ApiException.notFound("no registered controller " + id)))
                    .flatMap(recorded -> reported == null || reported == recorded.knownHealth()
                            ? Mono.just(new HeartbeatAck(id, recorded.knownHealth().wire(), now))
                            : commands.send(new ChangeControllerHealth(id, reported, REPORTED_BY_HEARTBEAT, now),
                                            RequestContext.of(exchange))
                                    .then(Mono.fromSupplier(() -> new HeartbeatAck(id, reported.wire(), now))));
        });
    }

    private static <T> Mono<T> required(Mono<T> body) {
        return body.switchIfEmpty(Mono.error(() -> ApiException.invalid("a JSON body is required")));
    }
}
