package io.darktower.gateway.auth;

import io.darktower.gateway.apikey.ApiKeyAuthentication;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Authenticates {@code Authorization: Bearer …}: an API key ({@code dtk_…}) by its hash in the read model, anything
 * else as a token this platform signed — signature, issuer and expiry, then the blacklist (the token and its session)
 * in one Redis round trip. Every failure is {@code invalid_token} (401), alike for every cause but its description.
 */
@Component
public class BearerAuthentication implements ReactiveAuthenticationManager {

    private final AccessTokens tokens;
    private final TokenRevocations revocations;
    private final ApiKeyAuthentication apiKeys;

    public BearerAuthentication(AccessTokens tokens, TokenRevocations revocations, ApiKeyAuthentication apiKeys) {
        this.tokens = tokens;
        this.revocations = revocations;
        this.apiKeys = apiKeys;
    }

    @Override
    public Mono<Authentication> authenticate(Authentication authentication) {
        if (!(authentication instanceof BearerTokenAuthenticationToken bearer)) {
            return Mono.empty();
        }
        String token = bearer.getToken();
        if (ApiKeyAuthentication.isApiKey(token)) {
            return apiKeys.authenticate(token)
                    .switchIfEmpty(Mono.error(() -> new InvalidBearerTokenException("unknown, revoked or expired API key")))
                    .map(caller -> new CallerAuthentication(caller, null, null, null));
        }
        return tokens.verify(token)
                .onErrorMap(AccessTokens.InvalidToken.class, e -> new InvalidBearerTokenException(e.getMessage()))
                .flatMap(verified -> revocations.revoked(verified.tokenHash(), verified.sessionId())
                        .flatMap(revoked -> revoked
                                ? Mono.error(new InvalidBearerTokenException("token revoked"))
                                : Mono.just(new CallerAuthentication(verified.caller(), verified.tokenHash(),
                                        verified.sessionId(), verified.expiresAt()))));
    }
}
