package io.darktower.gateway.app;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import java.net.URI;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The browser client page (docs/media-node.md, "The browser page"): static files under {@code classpath:/static/app/},
 * which Spring serves as {@code /app/**}; this adds the page's own address, {@code /app/} (and {@code /app}, which
 * redirects there so that the page's relative module imports resolve). Served by the gateway so that the page calls
 * the API from its own origin.
 */
@Configuration(proxyBeanMethods = false)
public class ClientPage {

    static final String PATH = "/app/";
    private static final Resource INDEX = new ClassPathResource("static/app/index.html");

    @Bean
    RouterFunction<ServerResponse> clientPageRoutes() {
        return RouterFunctions.route(GET("/app"), request -> ServerResponse.permanentRedirect(URI.create(PATH)).build())
                .andRoute(GET(PATH), request -> ServerResponse.ok().contentType(MediaType.TEXT_HTML)
                        .header("Cache-Control", "no-cache").bodyValue(INDEX));
    }
}
