package io.darktower.gateway.auth;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code darktower.auth.*}: token lifetimes, signing-key rotation, who is an administrator, and the service clients
 * of the client-credentials grant.
 *
 * @param issuer             the {@code iss} of every token this gateway signs
 * @param accessTokenTtl     a signed-in user's or an API key's access token (1 h)
 * @param refreshTokenTtl    a refresh token, renewed with every rotation
 * @param joinTokenTtl       a participant's join token (short: the media node checks it once, at connection)
 * @param guestTokenTtl      a guest's token for one meeting
 * @param serviceTokenTtl    a service client's access token
 * @param signingKeyRotation how long one key signs before the next takes over (the old one keeps verifying)
 * @param admins             user ids with administrator rights
 * @param serviceClients     service clients by client id: the SHA-256 (hex) of the secret, and their scopes
 */
@ConfigurationProperties("darktower.auth")
public record AuthProperties(String issuer, Duration accessTokenTtl, Duration refreshTokenTtl, Duration joinTokenTtl,
                             Duration guestTokenTtl, Duration serviceTokenTtl, Duration signingKeyRotation,
                             List<UUID> admins, Map<String, ServiceClient> serviceClients) {

    public AuthProperties {
        issuer = issuer == null ? "darktower" : issuer;
        accessTokenTtl = accessTokenTtl == null ? Duration.ofHours(1) : accessTokenTtl;
        refreshTokenTtl = refreshTokenTtl == null ? Duration.ofDays(30) : refreshTokenTtl;
        joinTokenTtl = joinTokenTtl == null ? Duration.ofMinutes(10) : joinTokenTtl;
        guestTokenTtl = guestTokenTtl == null ? Duration.ofHours(1) : guestTokenTtl;
        serviceTokenTtl = serviceTokenTtl == null ? Duration.ofHours(1) : serviceTokenTtl;
        signingKeyRotation = signingKeyRotation == null ? Duration.ofDays(30) : signingKeyRotation;
        admins = admins == null ? List.of() : List.copyOf(admins);
        serviceClients = serviceClients == null ? Map.of() : Map.copyOf(serviceClients);
    }

    /** @param secretSha256 SHA-256 of the client secret, hex; the secret itself is never configured */
    public record ServiceClient(String secretSha256, List<String> scopes) {
        public ServiceClient {
            scopes = scopes == null ? List.of() : List.copyOf(scopes);
        }
    }

    /** The longest any token this gateway signs lives: how long a retired signing key must still verify. */
    public Duration longestTokenTtl() {
        return List.of(accessTokenTtl, joinTokenTtl, guestTokenTtl, serviceTokenTtl).stream()
                .max(Duration::compareTo).orElseThrow();
    }
}
