package io.darktower.gateway.api;

import java.util.List;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Answers what fails outside a handler, in a {@code WebFilter} (the rate limiter's 429, the body limit's 413), exactly
 * as {@link Problems} answers a handler's failure: the same problem body, through the same mapping. Without it such a
 * failure would get Spring Boot's default error JSON, which is neither problem+json nor carries a stable code.
 * Ordered before Boot's error handler (-1).
 */
@Component
@Order(-2)
public class FilterProblems implements WebExceptionHandler {

    private final Problems problems;
    private final ServerResponse.Context context;

    public FilterProblems(Problems problems, ServerCodecConfigurer codecs) {
        this.problems = problems;
        List<HttpMessageWriter<?>> writers = codecs.getWriters();
        this.context = new ServerResponse.Context() {
            @Override
            public List<HttpMessageWriter<?>> messageWriters() {
                return writers;
            }

            @Override
            public List<ViewResolver> viewResolvers() {
                return List.of();
            }
        };
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(failure);
        }
        ResponseEntity<ProblemDetail> problem = problems.handle(failure, exchange);
        return ServerResponse.status(problem.getStatusCode())
                .headers(headers -> headers.addAll(problem.getHeaders()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(problem.getBody())
                .flatMap(response -> response.writeTo(exchange, context));
    }
}
