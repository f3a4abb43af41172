package io.darktower.gateway.auth;

import io.darktower.errors.ErrorCode;
import io.darktower.gateway.api.FilterProblems;
import io.darktower.gateway.api.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The security chain's refusals (401, 403) as {@code application/problem+json}: the body {@link Problems} makes, written
 * by {@link FilterProblems} like every other answer made outside a handler.
 */
@Component
public class ProblemAnswers {

    private final FilterProblems writer;

    public ProblemAnswers(FilterProblems writer) {
        this.writer = writer;
    }

    /** Answers {@code code}; {@code challenge} becomes {@code WWW-Authenticate} when given. */
    public Mono<Void> write(ServerWebExchange exchange, ErrorCode code, String reason, String detail, String challenge) {
        HttpHeaders headers = new HttpHeaders();
        if (challenge != null) {
            headers.set(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        return writer.write(exchange, Problems.status(code), headers, Problems.detail(code, reason, detail, exchange));
    }
}
