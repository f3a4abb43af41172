package io.darktower.gateway.api;

import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** Every response carries the request's {@code X-Request-Id}, the correlation id of whatever it caused. */
@Component
public class RequestIdFilter implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        RequestContext.establish(exchange);
        return chain.filter(exchange);
    }
}
