package io.darktower.gateway.api;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses 413 a body that announces more than the codecs would read ({@code spring.http.codecs.max-in-memory-size}),
 * before any of it is read; a body without a {@code Content-Length} (chunked) is stopped by the codec itself at the
 * same size, with the same answer ({@link Problems}). Ordered after the rate limiter: a refused request still counts.
 */
@Component
public class BodyLimitFilter implements WebFilter, Ordered {

    private final long maxBytes;

    public BodyLimitFilter(@Value("${spring.http.codecs.max-in-memory-size:256KB}") DataSize max) {
        this.maxBytes = max.toBytes();
    }

    @Override
    public int getOrder() {
        return 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (exchange.getRequest().getHeaders().getContentLength() > maxBytes) {
            return Mono.error(new DataBufferLimitException("the body announces more than " + maxBytes + " bytes"));
        }
        return chain.filter(exchange);
    }
}
