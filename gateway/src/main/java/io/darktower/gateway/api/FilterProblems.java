package io.darktower.gateway.api;

import java.util.Map;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Answers what fails outside a handler, in a {@code WebFilter} (the rate limiter's 429, the body limit's 413), exactly
 * as {@link Problems} answers a handler's failure: the same problem body, through the same mapping. Without it such a
 * failure would get Spring Boot's default error JSON, which is neither problem+json nor carries a stable code.
 * Ordered before Boot's error handler (-1). {@link #write} is the one writer of a problem outside a handler: the
 * security chain's refusals go through it too.
 */
@Component
@Order(-2)
public class FilterProblems implements WebExceptionHandler {

    private static final ResolvableType PROBLEM = ResolvableType.forClass(ProblemDetail.class);

    private final Problems problems;
    private final HttpMessageWriter<ProblemDetail> writer;

    @SuppressWarnings("unchecked")
    public FilterProblems(Problems problems, ServerCodecConfigurer codecs) {
        this.problems = problems;
        this.writer = (HttpMessageWriter<ProblemDetail>) codecs.getWriters().stream()
                .filter(w -> w.canWrite(PROBLEM, MediaType.APPLICATION_PROBLEM_JSON))
                .findFirst().orElseThrow(() -> new IllegalStateException("no writer of problem+json"));
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(failure);
        }
        ResponseEntity<ProblemDetail> problem = problems.handle(failure, exchange);
        return write(exchange, problem.getStatusCode(), problem.getHeaders(), problem.getBody());
    }

    /** Writes {@code problem} as the answer, with {@code status} and {@code headers}, as {@code application/problem+json}. */
    public Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, HttpHeaders headers, ProblemDetail problem) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().addAll(headers);
        return writer.write(Mono.just(problem), PROBLEM, MediaType.APPLICATION_PROBLEM_JSON, response, Map.of());
    }
}
