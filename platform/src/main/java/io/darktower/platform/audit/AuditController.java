package io.darktower.platform.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.darktower.errors.ErrorCode;
import io.darktower.events.EventJson;
import io.darktower.gateway.api.ApiException;
import io.darktower.gateway.api.PathIds;
import io.darktower.projections.history.AuditHistory;
import io.darktower.projections.history.Bounds;
import io.darktower.projections.history.Step;
import io.darktower.projections.history.Subject;
import io.darktower.projections.runtime.EventLog;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Audit reconstruction over HTTP, for administrators ({@code /api/v1/audit/**} is theirs in the gateway's security
 * chain): a meeting's, a user's or an API key's history rebuilt from the event store, as JSON or, with
 * {@code Accept: application/x-ndjson}, one step per line as it is written; and the state as of a time or a global
 * position. Served by the gateway's application but assembled here, since it reads the event store through the read
 * side's {@link EventLog}, which the gateway does not import.
 *
 * <p>Bounds: {@code until} (or its synonym {@code at}), an ISO-8601 instant, and {@code position}, a global index of
 * the event store, both inclusive. An id with no event (within the bounds) answers 404 {@code NOT_FOUND}, reason
 * {@code NO_EVENTS}.
 */
@RestController
@RequestMapping("/api/v1/audit")
public class AuditController {

    public static final MediaType NDJSON = MediaType.APPLICATION_NDJSON;
    public static final String NO_EVENTS = "NO_EVENTS";

    private final AuditHistory history;

    public AuditController(DataSource dataSource) {
        this.history = new AuditHistory(new EventLog(dataSource));
    }

    @GetMapping(path = "/{subject:meetings|users|api-keys}/{id}", produces = {"application/json", "application/x-ndjson"})
    public Mono<ResponseEntity<Flux<DataBuffer>>> history(@PathVariable String subject, @PathVariable String id,
                                                          @RequestParam(required = false) String until,
                                                          @RequestParam(required = false) String at,
                                                          @RequestParam(required = false) String position,
                                                          ServerWebExchange exchange) {
        Subject what = Subject.ofPath(subject).orElseThrow();
        boolean lines = wantsLines(exchange);
        DataBufferFactory buffers = exchange.getResponse().bufferFactory();
        return steps(what, id, until, at, position).map(steps -> lines
                ? ResponseEntity.ok().contentType(NDJSON).body(Flux.fromIterable(steps)
                        .map(step -> buffers.wrap((json(step) + "\n").getBytes(StandardCharsets.UTF_8))))
                : ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(Flux.just(
                        buffers.wrap(json(document(what, id, steps)).getBytes(StandardCharsets.UTF_8)))));
    }

    /** The state as of the bounds (the last step within them): {@code subject}, {@code id}, {@code asOf}, {@code state}. */
    @GetMapping(path = "/{subject:meetings|users|api-keys}/{id}/state", produces = "application/json")
    public Mono<ResponseEntity<Flux<DataBuffer>>> state(@PathVariable String subject, @PathVariable String id,
                                                        @RequestParam(required = false) String until,
                                                        @RequestParam(required = false) String at,
                                                        @RequestParam(required = false) String position,
                                                        ServerWebExchange exchange) {
        Subject what = Subject.ofPath(subject).orElseThrow();
        DataBufferFactory buffers = exchange.getResponse().bufferFactory();
        return steps(what, id, until, at, position).map(steps -> {
            Step step = steps.get(steps.size() - 1);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("subject", what.aggregateType());
            answer.put("id", UUID.fromString(id));
            answer.put("asOf", Map.of("position", step.position(), "sequence", step.sequence(), "time", step.time(),
                    "eventType", step.eventType()));
            answer.put("state", step.state());
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                    .body(Flux.just(buffers.wrap(json(answer).getBytes(StandardCharsets.UTF_8))));
        });
    }

    /** The subject's steps within the bounds, read off the event loop; 404 when there are none. */
    private Mono<List<Step>> steps(Subject subject, String id, String until, String at, String position) {
        UUID uuid = PathIds.uuid(id, subject.aggregateType() + " id");
        Bounds bounds = bounds(until, at, position);
        return Mono.fromCallable(() -> history.of(subject, uuid, bounds))
                .subscribeOn(Schedulers.boundedElastic())
                .map(found -> found.filter(steps -> !steps.isEmpty()).orElseThrow(() -> noEvents(subject, id)));
    }

    static Map<String, Object> document(Subject subject, String id, List<Step> steps) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("subject", subject.aggregateType());
        document.put("id", UUID.fromString(id)); // validated by then: the canonical form
        document.put("count", steps.size());
        document.put("steps", steps);
        return document;
    }

    /** NDJSON when the caller names it before (or instead of) JSON in {@code Accept}. */
    private static boolean wantsLines(ServerWebExchange exchange) {
        for (MediaType type : exchange.getRequest().getHeaders().getAccept()) {
            if (type.isCompatibleWith(NDJSON) && !type.isWildcardType()) {
                return true;
            }
            if (type.isCompatibleWith(MediaType.APPLICATION_JSON) && !type.isWildcardType()) {
                return false;
            }
        }
        return false;
    }

    private static Bounds bounds(String until, String at, String position) {
        if (until != null && at != null) {
            throw ApiException.invalid("give until or at, not both");
        }
        String time = until != null ? until : at;
        Instant instant = null;
        if (time != null) {
            try {
                instant = Instant.parse(time);
            } catch (DateTimeParseException e) {
                throw ApiException.invalid("'" + time + "' is not an ISO-8601 instant (e.g. 2026-11-25T10:05:00Z)");
            }
        }
        Long index = null;
        if (position != null) {
            try {
                index = Long.parseLong(position);
            } catch (NumberFormatException e) {
                index = -1L;
            }
            if (index < 0) {
                throw ApiException.invalid("position is a global index of the event store, 0 or more");
            }
        }
        return new Bounds(instant, index);
    }

    private static ApiException noEvents(Subject subject, String id) {
        return new ApiException(ErrorCode.NOT_FOUND, NO_EVENTS,
                "the event store holds no event of " + subject.aggregateType() + " " + id + " (within the bounds)");
    }

    private static String json(Object value) {
        try {
            return EventJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
