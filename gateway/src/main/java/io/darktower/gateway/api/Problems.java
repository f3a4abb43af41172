package io.darktower.gateway.api;

import io.darktower.commands.Rejected;
import io.darktower.errors.ErrorCode;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.axonframework.messaging.interceptors.JSR303ViolationException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import tools.jackson.core.JacksonException;

/**
 * Every failure becomes {@code application/problem+json} with a stable {@code code} (and, for domain
 * rejections, a {@code reason}). Clients never see a stack trace.
 */
@RestControllerAdvice
public class Problems {

    private static final Logger log = LoggerFactory.getLogger(Problems.class);

    public static HttpStatus status(ErrorCode code) {
        return switch (code) {
            case INVALID_REQUEST -> HttpStatus.BAD_REQUEST;
            case UNAUTHORIZED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
            case CAPACITY_EXCEEDED -> HttpStatus.SERVICE_UNAVAILABLE;
            case STREAM_ERROR, INTERNAL_ERROR -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }

    @ExceptionHandler(Throwable.class)
    public ResponseEntity<ProblemDetail> handle(Throwable failure, ServerWebExchange exchange) {
        return switch (failure) {
            case ApiException e -> problem(e.code(), e.reason(), e.getMessage(), exchange);
            case Rejected e -> problem(e.reason().code(), e.reason().name(), e.getMessage(), exchange);
            case JSR303ViolationException e -> invalidFields(e, exchange);
            case AggregateNotFoundException e -> problem(ErrorCode.NOT_FOUND, null, "no such meeting", exchange);
            case ConcurrencyException e -> problem(ErrorCode.CONFLICT, "CONCURRENT_MODIFICATION",
                    "the meeting changed concurrently; retry", exchange);
            case AggregateStreamCreationException e -> problem(ErrorCode.CONFLICT, "CONCURRENT_MODIFICATION",
                    "the meeting was created concurrently; retry", exchange);
            case DataBufferLimitException e -> tooLarge(exchange);
            case ServerWebInputException e when e.getCause() instanceof DataBufferLimitException -> tooLarge(exchange);
            case DecodingException e -> malformed(e, exchange);
            case ServerWebInputException e when e.getCause() instanceof DecodingException d -> malformed(d, exchange);
            case ServerWebInputException e -> problem(ErrorCode.INVALID_REQUEST, null, e.getReason(), exchange);
            case UnsupportedMediaTypeStatusException e -> problem(ErrorCode.INVALID_REQUEST, null,
                    "send application/json", exchange, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
            case MethodNotAllowedException e -> ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).headers(e.getHeaders())
                    .body(problem(ErrorCode.INVALID_REQUEST, null, e.getHttpMethod() + " is not allowed here", exchange,
                            HttpStatus.METHOD_NOT_ALLOWED).getBody());
            case ResponseStatusException e when e.getStatusCode().value() == 404 ->
                    problem(ErrorCode.NOT_FOUND, null, "no such resource", exchange);
            case ResponseStatusException e when e.getStatusCode().is4xxClientError() ->
                    problem(ErrorCode.INVALID_REQUEST, null, e.getReason(), exchange,
                            HttpStatus.valueOf(e.getStatusCode().value()));
            default -> {
                log.error("unexpected failure on {} {}", exchange.getRequest().getMethod(),
                        exchange.getRequest().getPath(), failure);
                yield problem(ErrorCode.INTERNAL_ERROR, null, "internal error", exchange);
            }
        };
    }

    /** A command broke the constraints declared on its record: 400, naming each field and what is wrong with it. */
    private static ResponseEntity<ProblemDetail> invalidFields(JSR303ViolationException e, ServerWebExchange exchange) {
        Map<String, String> fields = new TreeMap<>();
        e.getViolations().forEach(v -> fields.merge(v.getPropertyPath().toString(), v.getMessage(), (a, b) -> a + "; " + b));
        String detail = fields.entrySet().stream().map(f -> f.getKey() + " " + f.getValue())
                .collect(Collectors.joining(", "));
        ResponseEntity<ProblemDetail> response = problem(ErrorCode.INVALID_REQUEST, null, detail, exchange);
        response.getBody().setProperty("fields", fields);
        return response;
    }

    /**
     * A body that is not JSON, or whose value does not fit its field (a number beyond the field's range, a string where
     * an object belongs): 400 "malformed JSON body", naming the field in {@code fields} when the parser knows it.
     */
    private static ResponseEntity<ProblemDetail> malformed(DecodingException e, ServerWebExchange exchange) {
        ResponseEntity<ProblemDetail> response = problem(ErrorCode.INVALID_REQUEST, null, "malformed JSON body", exchange);
        String field = fieldOf(e);
        if (field != null) {
            response.getBody().setProperty("fields", Map.of(field, "not a value of this field's type or range"));
        }
        return response;
    }

    /** The dotted path ({@code settings.maxParticipants}, {@code items[2]}) of the value Jackson refused, if any. */
    private static String fieldOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JacksonException json && !json.getPath().isEmpty()) {
                StringBuilder path = new StringBuilder();
                for (JacksonException.Reference step : json.getPath()) {
                    if (step.getPropertyName() != null) {
                        path.append(path.isEmpty() ? "" : ".").append(step.getPropertyName());
                    } else if (step.getIndex() >= 0) {
                        path.append('[').append(step.getIndex()).append(']');
                    }
                }
                return path.isEmpty() ? null : path.toString();
            }
        }
        return null;
    }

    /** A body over {@code spring.http.codecs.max-in-memory-size} (or announcing more): 413, before it is read. */
    private static ResponseEntity<ProblemDetail> tooLarge(ServerWebExchange exchange) {
        return problem(ErrorCode.INVALID_REQUEST, null, "the request body is too large", exchange,
                HttpStatus.PAYLOAD_TOO_LARGE);
    }

    /** The problem for a refusal decided outside any handler (the security chain), as a handler's would be. */
    public static ProblemDetail detail(ErrorCode code, String reason, String detail, ServerWebExchange exchange) {
        return problem(code, reason, detail, exchange).getBody();
    }

    private static ResponseEntity<ProblemDetail> problem(ErrorCode code, String reason, String detail,
                                                         ServerWebExchange exchange) {
        return problem(code, reason, detail, exchange, status(code));
    }

    /** {@code status} refines the code's usual one where HTTP has a more exact answer (405, 406, 415). */
    private static ResponseEntity<ProblemDetail> problem(ErrorCode code, String reason, String detail,
                                                         ServerWebExchange exchange, HttpStatus status) {
        ProblemDetail problem = body(code, reason, detail, status, URI.create(exchange.getRequest().getPath().value()),
                RequestContext.establish(exchange).correlationId());
        // named, not negotiated: an endpoint that produces something else (text/event-stream) still answers problem+json
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /**
     * The problem body, for answers made outside a handler too ({@link HttpLayerProblems}: requests the HTTP decoder
     * refused before there was an exchange).
     *
     * @param instance the request's path, or null when there is none to trust
     */
    public static ProblemDetail body(ErrorCode code, String reason, String detail, HttpStatus status, URI instance,
                                     String requestId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:darktower:problem:" + code.name().toLowerCase(Locale.ROOT)));
        problem.setTitle(status.getReasonPhrase());
        problem.setInstance(instance);
        problem.setProperty("code", code.name());
        if (reason != null) {
            problem.setProperty("reason", reason);
        }
        problem.setProperty("requestId", requestId);
        return problem;
    }
}
