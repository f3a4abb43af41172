package io.darktower.gateway.api;

import io.darktower.commands.meeting.Requester;
import io.darktower.events.EventMetadata;
import java.net.InetSocketAddress;
import java.util.UUID;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who asks and from where, taken once per request: it becomes the metadata of the command and so of every
 * event the command causes. The request id comes from {@code X-Request-Id} or is made up, and is echoed back.
 *
 * <p>The caller is the one the security chain authenticated ({@link Caller#ATTRIBUTE}, set before any handler and
 * any later filter runs); there is no header that names a caller. Everything downstream reads {@link #userId()} and
 * {@link #caller()}.
 *
 * @param userId the calling user, or null for a guest, a service or no caller
 * @param caller the authenticated caller, or null when the request carries no credentials
 */
public record RequestContext(String correlationId, String clientIp, String userAgent, UUID userId, Caller caller) {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    private static final String ATTRIBUTE = RequestContext.class.getName();
    private static final int MAX_REQUEST_ID = 128;

    /** A context without an authenticated caller (the platform acting on its own, tests). */
    public RequestContext(String correlationId, String clientIp, String userAgent, UUID userId) {
        this(correlationId, clientIp, userAgent, userId, null);
    }

    /** The request's context, for a handler. */
    public static RequestContext of(ServerWebExchange exchange) {
        return establish(exchange);
    }

    /**
     * The request's context, made once per request; never fails (filters and error answers use it). Made before the
     * caller is known (an early error answer), it is made again once the security chain names the caller.
     */
    public static RequestContext establish(ServerWebExchange exchange) {
        RequestContext existing = exchange.getAttribute(ATTRIBUTE);
        Caller caller = exchange.getAttribute(Caller.ATTRIBUTE);
        if (existing != null && existing.caller() == caller) {
            return existing;
        }
        String requestId = existing != null ? existing.correlationId()
                : exchange.getRequest().getHeaders().getFirst(REQUEST_ID_HEADER);
        if (requestId == null || requestId.isBlank() || requestId.length() > MAX_REQUEST_ID) {
            requestId = UUID.randomUUID().toString();
        }
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        String ip = remote == null || remote.getAddress() == null ? null : withoutZone(remote.getAddress().getHostAddress());
        RequestContext context = new RequestContext(requestId, ip,
                exchange.getRequest().getHeaders().getFirst("User-Agent"), caller == null ? null : caller.userId(), caller);
        exchange.getAttributes().put(ATTRIBUTE, context);
        exchange.getResponse().getHeaders().set(REQUEST_ID_HEADER, requestId);
        return context;
    }

    /** {@code fe80::1%eth0} becomes {@code fe80::1}: PostgreSQL's inet, where the address ends up, has no zones. */
    static String withoutZone(String address) {
        int zone = address.indexOf('%');
        return zone < 0 ? address : address.substring(0, zone);
    }

    /** Whether the caller acts as an administrator. */
    public boolean admin() {
        return caller != null && caller.admin();
    }

    /**
     * The caller as a meeting sees it when it acts on a participant: its user and the participant its join token speaks
     * for. A service caller acts for the platform (a media node, say): no requester, so any participant.
     */
    public Requester requester() {
        if (caller != null && caller.kind() == Caller.Kind.SERVICE) {
            return null;
        }
        return new Requester(userId, caller == null ? null : caller.participantId());
    }

    /**
     * The command's metadata: the calling user (none for a guest or a service), the API key they called with (its
     * id is the caller's subject, whether the key was the bearer or exchanged for a token), where the request came from.
     */
    public EventMetadata metadata() {
        return new EventMetadata(userId == null ? null : userId.toString(),
                caller == null ? EventMetadata.ACTOR_USER : caller.actorType(), correlationId, null, clientIp, userAgent,
                caller != null && caller.kind() == Caller.Kind.API_KEY ? caller.subject() : null);
    }
}
