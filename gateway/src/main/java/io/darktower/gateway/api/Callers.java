package io.darktower.gateway.api;

import io.darktower.errors.ErrorCode;
import java.util.UUID;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who may act on a user's own resources (profile, password, provider links, API keys): that user only. Reads the
 * authenticated caller from {@link RequestContext#userId()}.
 */
public final class Callers {

    /** The reason of a 401 without a caller (also the security chain's, for a request without credentials). */
    public static final String CALLER_REQUIRED = "CALLER_REQUIRED";
    /** The reason of a 403 for another user's resource. */
    public static final String NOT_YOURSELF = "NOT_YOURSELF";

    private Callers() {
    }

    /** Refuses unless the caller is {@code userId}: 401 without a caller, 403 for anyone else. */
    public static void requireSelf(RequestContext context, UUID userId) {
        if (context.userId() == null) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, CALLER_REQUIRED, "this needs a calling user");
        }
        if (!context.userId().equals(userId)) {
            throw new ApiException(ErrorCode.FORBIDDEN, NOT_YOURSELF, "a user may act only on their own account");
        }
    }

    /** The user id of the path, when it is the caller's own. */
    public static UUID self(String pathUserId, ServerWebExchange exchange) {
        UUID id = PathIds.uuid(pathUserId, "user id");
        requireSelf(RequestContext.of(exchange), id);
        return id;
    }
}
