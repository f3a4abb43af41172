package io.darktower.gateway.auth;

import io.darktower.errors.ErrorCode;
import io.darktower.gateway.api.Problems;
import java.util.Map;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Writes the security chain's refusals (401, 403) as {@code application/problem+json} through the same codecs and the
 * same {@link Problems} as a handler's answer, so a refusal before any handler looks like every other problem.
 */
@Component
public class ProblemAnswers {

    private static final ResolvableType PROBLEM = ResolvableType.forClass(ProblemDetail.class);

    private final ServerCodecConfigurer codecs;

    public ProblemAnswers(ServerCodecConfigurer codecs) {
        this.codecs = codecs;
    }

    /** Answers {@code code}; {@code challenge} becomes {@code WWW-Authenticate} when given. */
    @SuppressWarnings("unchecked")
    public Mono<Void> write(ServerWebExchange exchange, ErrorCode code, String reason, String detail, String challenge) {
        ProblemDetail problem = Problems.detail(code, reason, detail, exchange);
        var response = exchange.getResponse();
        response.setStatusCode(Problems.status(code));
        if (challenge != null) {
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        HttpMessageWriter<ProblemDetail> writer = (HttpMessageWriter<ProblemDetail>) codecs.getWriters().stream()
                .filter(w -> w.canWrite(PROBLEM, MediaType.APPLICATION_PROBLEM_JSON))
                .findFirst().orElseThrow(() -> new IllegalStateException("no writer of problem+json"));
        return writer.write(Mono.just(problem), PROBLEM, MediaType.APPLICATION_PROBLEM_JSON, response, Map.of());
    }
}
