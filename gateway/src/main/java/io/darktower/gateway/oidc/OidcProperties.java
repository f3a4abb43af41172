package io.darktower.gateway.oidc;

import io.darktower.commands.user.User;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The OpenID Connect providers users may sign in with ({@code darktower.oidc.*}); none by default.
 *
 * <pre>
 * darktower.oidc.providers.&lt;name&gt;.issuer-uri: https://accounts.example.com   # discovered at {issuer}/.well-known/openid-configuration
 * darktower.oidc.providers.&lt;name&gt;.client-id: ...
 * darktower.oidc.providers.&lt;name&gt;.client-secret: ...     # empty for a public client (PKCE only)
 * darktower.oidc.providers.&lt;name&gt;.scopes: openid,email,profile
 * darktower.oidc.providers.&lt;name&gt;.redirect-uri: https://meet.example.com/api/v1/auth/oidc/&lt;name&gt;/callback  # default: from the request
 * </pre>
 *
 * @param providers   by name: the name is the {@code provider} of the user's links, so a lower-case word
 * @param flowTimeout how long a started sign-in may take at the provider before its callback is refused
 */
@ConfigurationProperties("darktower.oidc")
public record OidcProperties(Map<String, Provider> providers, @DefaultValue("10m") Duration flowTimeout) {

    public OidcProperties {
        providers = providers == null ? Map.of() : Map.copyOf(providers);
        providers.keySet().forEach(name -> {
            if (name.length() > User.MAX_PROVIDER || !name.matches(User.PROVIDER_PATTERN)) {
                throw new IllegalArgumentException("darktower.oidc.providers: '" + name
                        + "' must be a lower-case word of at most " + User.MAX_PROVIDER + " characters");
            }
        });
        if (flowTimeout.isNegative() || flowTimeout.isZero()) {
            throw new IllegalArgumentException("darktower.oidc.flow-timeout must be positive");
        }
    }

    /**
     * One provider.
     *
     * @param issuerUri    the issuer identifier, exactly as the provider's ID tokens name it ({@code iss})
     * @param clientId     this platform's client at the provider (the ID token's audience)
     * @param clientSecret sent with HTTP Basic to the token endpoint; null for a public client
     * @param scopes       asked for; {@code openid} is required, {@code email} is what opens new accounts
     * @param redirectUri  this gateway's callback as registered at the provider; null: made from the request's own URI
     */
    public record Provider(URI issuerUri, String clientId, String clientSecret,
                           @DefaultValue({"openid", "email", "profile"}) List<String> scopes, URI redirectUri) {

        public Provider {
            if (issuerUri == null || clientId == null || clientId.isBlank()) {
                throw new IllegalArgumentException("darktower.oidc.providers.*: issuer-uri and client-id are required");
            }
            if (!scopes.contains("openid")) {
                throw new IllegalArgumentException("darktower.oidc.providers.*.scopes must include openid");
            }
            scopes = List.copyOf(scopes);
        }

        @Override
        public String toString() {
            return "Provider[issuerUri=" + issuerUri + ", clientId=" + clientId + ", clientSecret=***]";
        }
    }
}
