package io.darktower.gateway.api;

import io.darktower.events.EventMetadata;
import java.net.InetSocketAddress;
import java.util.UUID;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who asks and from where, taken once per request: it becomes the metadata of the command and so of every
 * event the command causes. The request id comes from {@code X-Request-Id} or is made up, and is echoed back.
 *
 * <p>The caller: until authentication lands (the gateway issue), a request names its user in
 * {@link #USER_HEADER} and is a guest without it. This is the one seam authentication replaces: everything
 * downstream reads {@link #userId()}, never the header.
 *
 * @param userId the calling user, or null for a guest
 */
public record RequestContext(String correlationId, String clientIp, String userAgent, UUID userId) {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    /** The caller's user id (a UUID) until authentication replaces it. */
    public static final String USER_HEADER = "X-User-Id";
    private static final String ATTRIBUTE = RequestContext.class.getName();
    private static final String INVALID_CALLER = RequestContext.class.getName() + ".invalidCaller";
    private static final int MAX_REQUEST_ID = 128;

    /**
     * The request's context, for a handler: a malformed {@link #USER_HEADER} is refused here (400), inside the handler,
     * where it becomes a problem answer.
     */
    public static RequestContext of(ServerWebExchange exchange) {
        RequestContext context = establish(exchange);
        String invalid = exchange.getAttribute(INVALID_CALLER);
        if (invalid != null) {
            throw ApiException.invalid(invalid);
        }
        return context;
    }

    /** The request's context, made once per request; never fails (filters and error answers use it). */
    public static RequestContext establish(ServerWebExchange exchange) {
        RequestContext existing = exchange.getAttribute(ATTRIBUTE);
        if (existing != null) {
            return existing;
        }
        String requestId = exchange.getRequest().getHeaders().getFirst(REQUEST_ID_HEADER);
        if (requestId == null || requestId.isBlank() || requestId.length() > MAX_REQUEST_ID) {
            requestId = UUID.randomUUID().toString();
        }
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        String ip = remote == null || remote.getAddress() == null ? null : withoutZone(remote.getAddress().getHostAddress());
        RequestContext context = new RequestContext(requestId, ip,
                exchange.getRequest().getHeaders().getFirst("User-Agent"), caller(exchange));
        exchange.getAttributes().put(ATTRIBUTE, context);
        exchange.getResponse().getHeaders().set(REQUEST_ID_HEADER, requestId);
        return context;
    }

    /** {@code fe80::1%eth0} becomes {@code fe80::1}: PostgreSQL's inet, where the address ends up, has no zones. */
    static String withoutZone(String address) {
        int zone = address.indexOf('%');
        return zone < 0 ? address : address.substring(0, zone);
    }

    private static UUID caller(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(USER_HEADER);
        if (header == null) {
            return null;
        }
        try {
            return UUID.fromString(header);
        } catch (IllegalArgumentException e) {
            exchange.getAttributes().put(INVALID_CALLER, USER_HEADER + " must be a user id (a UUID)");
            return null;
        }
    }

    /** The command's metadata: the calling user (none for a guest), where the request came from. */
    public EventMetadata metadata() {
        return new EventMetadata(userId == null ? null : userId.toString(), EventMetadata.ACTOR_USER, correlationId,
                null, clientIp, userAgent);
    }
}
