package io.darktower.gateway.auth;

import io.darktower.errors.ErrorCode;
import io.darktower.gateway.api.ApiException;
import io.darktower.gateway.api.Caller;
import io.darktower.gateway.apikey.ApiKeyAuthentication;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The client-credentials grant: a client secret that is an API key ({@code client_id}, if given, is the key's id) is
 * exchanged for an access token with the key's scopes; any other client is a configured service client
 * ({@code darktower.auth.service-clients}), whose secret is checked against its configured hash. A {@code scope}
 * parameter narrows what is granted; asking for more than the client holds is refused. No refresh token: the client
 * asks again.
 */
@Component
public class ClientCredentials {

    static final String INVALID_CLIENT = "INVALID_CLIENT";
    static final String INVALID_SCOPE = "INVALID_SCOPE";

    private final AccessTokens tokens;
    private final ApiKeyAuthentication apiKeys;
    private final AuthProperties properties;

    public ClientCredentials(AccessTokens tokens, ApiKeyAuthentication apiKeys, AuthProperties properties) {
        this.tokens = tokens;
        this.apiKeys = apiKeys;
        this.properties = properties;
    }

    /** @param requested the scopes asked for; null for everything the client holds */
    public Mono<TokenResponse> grant(String clientId, String clientSecret, Set<String> requested) {
        if (clientSecret == null || clientSecret.isEmpty()) {
            return Mono.error(invalidClient());
        }
        if (ApiKeyAuthentication.isApiKey(clientSecret)) {
            return apiKeys.authenticate(clientSecret)
                    .filter(caller -> clientId == null || clientId.isEmpty() || clientId.equals(caller.subject()))
                    .switchIfEmpty(Mono.error(ClientCredentials::invalidClient))
                    .flatMap(caller -> issue(caller, requested, properties.accessTokenTtl()));
        }
        AuthProperties.ServiceClient client = clientId == null ? null : properties.serviceClients().get(clientId);
        if (client == null || !TokenHashes.sameHash(TokenHashes.sha256(clientSecret), client.secretSha256())) {
            return Mono.error(invalidClient());
        }
        Caller service = new Caller(Caller.Kind.SERVICE, null, clientId, Set.copyOf(client.scopes()), false, null, null);
        return issue(service, requested, properties.serviceTokenTtl());
    }

    private Mono<TokenResponse> issue(Caller caller, Set<String> requested, java.time.Duration ttl) {
        Set<String> granted = new HashSet<>(caller.scopes());
        if (requested != null) {
            if (!caller.scopes().containsAll(requested)) {
                return Mono.error(new ApiException(ErrorCode.INVALID_REQUEST, INVALID_SCOPE,
                        "the client does not hold every requested scope; it holds " + caller.scopes().stream().sorted().toList()));
            }
            granted.retainAll(requested);
        }
        UUID userId = caller.userId();
        // a key's tokens belong to the key as a session does to a sign-in: revoking the key revokes them (sid = key id)
        UUID session = caller.kind() == Caller.Kind.API_KEY ? UUID.fromString(caller.subject()) : null;
        return Mono.fromCallable(() -> tokens.sign(new AccessTokens.Claims(caller.kind(), caller.subject(), userId, granted,
                        session, null, null), ttl))
                .subscribeOn(Schedulers.boundedElastic())
                .map(signed -> new TokenResponse(signed.value(), TokenResponse.BEARER, ttl.toSeconds(), null,
                        String.join(" ", granted.stream().sorted().toList())));
    }

    private static ApiException invalidClient() {
        return new ApiException(ErrorCode.UNAUTHORIZED, INVALID_CLIENT, "unknown client or wrong secret");
    }
}
