package io.darktower.gateway.ratelimit;

import java.util.Arrays;
import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The classes of endpoints that share one limit: each has its own tier ({@link RateLimitProperties}) and its own
 * counter, named by {@link #key()} in {@code ratelimit:{endpoint}:{identifier}:{window}}. Counting per class, not
 * per endpoint, is what makes "100 requests a minute" a promise about the whole API rather than about each route.
 */
public enum EndpointClass {

    /** Sign-up, password login and the token endpoints: guessed passwords and account floods; counted per client IP. */
    AUTH("auth", true),
    /** The nodes' and participants' telemetry (heartbeats, capacity, health): frequent by design, so generous. */
    HEARTBEAT("heartbeat", false),
    /** Every other request that changes something. */
    WRITE("api:write", false),
    /** GET, HEAD and OPTIONS. */
    READ("api:read", false),
    /**
     * Requests the security chain refused 401 (credentials missing, malformed, forged, expired or revoked): counted per
     * client IP when refused, never by {@link #of} (such a request never reaches {@link RateLimitFilter}), so guessing
     * tokens or keys is limited too. See {@link RateLimitFilter#countRefused}.
     */
    UNAUTHENTICATED("auth:refused", true);

    private static final PathPatternParser PARSER = PathPatternParser.defaultInstance;
    private static final List<PathPattern> EXEMPT = patterns("/actuator/**", "/v3/api-docs/**", "/v3/api-docs",
            "/swagger-ui.html", "/swagger-ui/**", "/webjars/**");
    private static final List<PathPattern> AUTH_POSTS = patterns("/api/v1/users", "/api/v1/users/login",
            "/api/v1/auth/**");
    private static final List<PathPattern> TELEMETRY = patterns("/api/v1/controllers/*/heartbeat",
            "/api/v1/controllers/*/capacity", "/api/v1/controllers/*/health", "/api/v1/media-handlers/*/heartbeat",
            "/api/v1/media-handlers/*/capacity", "/api/v1/media-handlers/*/health",
            "/api/v1/meetings/*/participants/*/heartbeat");

    private final String key;
    private final boolean perAddress;

    EndpointClass(String key, boolean perAddress) {
        this.key = key;
        this.perAddress = perAddress;
    }

    /** The {@code {endpoint}} part of the counter's key. */
    public String key() {
        return key;
    }

    /** Counted per client IP even for an authenticated caller: the limit protects the credentials being tried. */
    public boolean perAddress() {
        return perAddress;
    }

    /** This class's tier among the configured ones. */
    RateLimitProperties.Tier tier(RateLimitProperties.Tier auth, RateLimitProperties.Tier heartbeat,
                                  RateLimitProperties.Tier write, RateLimitProperties.Tier read,
                                  RateLimitProperties.Tier unauthenticated) {
        return switch (this) {
            case AUTH -> auth;
            case HEARTBEAT -> heartbeat;
            case WRITE -> write;
            case READ -> read;
            case UNAUTHENTICATED -> unauthenticated;
        };
    }

    /** The class of a request the security chain let through, or null for what is never limited (health checks, the API document and its UI). */
    public static EndpointClass of(HttpMethod method, String path) {
        PathContainer container = PathContainer.parsePath(path);
        if (matches(EXEMPT, container)) {
            return null;
        }
        if (HttpMethod.POST.equals(method) && matches(AUTH_POSTS, container)) {
            return AUTH;
        }
        if ((HttpMethod.POST.equals(method) || HttpMethod.PUT.equals(method)) && matches(TELEMETRY, container)) {
            return HEARTBEAT;
        }
        if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method)) {
            return READ;
        }
        return WRITE;
    }

    private static boolean matches(List<PathPattern> patterns, PathContainer path) {
        for (PathPattern pattern : patterns) {
            if (pattern.matches(path)) {
                return true;
            }
        }
        return false;
    }

    private static List<PathPattern> patterns(String... patterns) {
        return Arrays.stream(patterns).map(PARSER::parse).toList();
    }
}
