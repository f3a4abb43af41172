package io.darktower.gateway.oidc;

import io.darktower.gateway.api.RequestContext;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * The session a finished OpenID Connect sign-in opens for the user it signed in: the platform's own tokens. The one
 * seam between this sign-in and the token issuer.
 */
public interface OidcSessions {

    /** The session's tokens for {@code userId} (the callback's {@code session}); empty when none is issued. */
    Mono<Object> open(UUID userId, RequestContext context);
}
