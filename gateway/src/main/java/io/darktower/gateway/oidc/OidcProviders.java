package io.darktower.gateway.oidc;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.darktower.errors.ErrorCode;
import io.darktower.gateway.api.ApiException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * The configured providers, each discovered once from {@code {issuer}/.well-known/openid-configuration} (again after a
 * failure, and every hour) with the decoder that checks its ID tokens: signature against the provider's JWKS (fetched
 * by the decoder, and again when a token names a key it does not know: the provider's key rotation), {@code iss},
 * {@code aud} (this client), {@code azp} when there are several audiences, {@code exp} and {@code iat} present and
 * in date (one minute of clock skew). The nonce is the caller's ({@link OidcLogin}).
 */
@Component
@EnableConfigurationProperties(OidcProperties.class)
public class OidcProviders {

    private static final Logger log = LoggerFactory.getLogger(OidcProviders.class);
    static final String UNKNOWN_PROVIDER = "OIDC_UNKNOWN_PROVIDER";
    static final String PROVIDER_UNAVAILABLE = "OIDC_PROVIDER_UNAVAILABLE";
    private static final Duration REDISCOVERY = Duration.ofHours(1);

    private final OidcProperties properties;
    private final WebClient http;
    private final Map<String, Mono<Provider>> discovered = new ConcurrentHashMap<>();

    public OidcProviders(OidcProperties properties) {
        this.properties = properties;
        this.http = WebClient.create();
    }

    /** The client that talks to the providers (discovery, keys, token endpoints). */
    WebClient http() {
        return http;
    }

    /** A provider ready to use: its configuration, its endpoints, its ID-token decoder. */
    public record Provider(String name, OidcProperties.Provider settings, Discovery endpoints, ReactiveJwtDecoder idTokens) {
    }

    /** What the discovery document tells (OpenID Connect Discovery 1.0 §3); the rest is ignored. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Discovery(
            @JsonProperty("issuer") String issuer,
            @JsonProperty("authorization_endpoint") URI authorizationEndpoint,
            @JsonProperty("token_endpoint") URI tokenEndpoint,
            @JsonProperty("jwks_uri") URI jwksUri,
            @JsonProperty("id_token_signing_alg_values_supported") List<String> signingAlgorithms) {
    }

    /** The named provider, discovered; 404 {@code OIDC_UNKNOWN_PROVIDER} for a name not configured. */
    public Mono<Provider> provider(String name) {
        OidcProperties.Provider settings = properties.providers().get(name);
        if (settings == null) {
            return Mono.error(new ApiException(ErrorCode.NOT_FOUND, UNKNOWN_PROVIDER, "no OpenID provider named " + name));
        }
        return discovered.computeIfAbsent(name, n -> discover(n, settings)
                .cache(ok -> REDISCOVERY, failed -> Duration.ZERO, () -> Duration.ZERO));
    }

    private Mono<Provider> discover(String name, OidcProperties.Provider settings) {
        String issuer = settings.issuerUri().toString();
        String location = (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer)
                + "/.well-known/openid-configuration";
        return http.get().uri(location).retrieve().bodyToMono(Discovery.class)
                .timeout(Duration.ofSeconds(10))
                .map(discovery -> {
                    // OpenID Connect Discovery §4.3: the document must name the issuer it was fetched for
                    if (!issuer.equals(discovery.issuer()) || discovery.authorizationEndpoint() == null
                            || discovery.tokenEndpoint() == null || discovery.jwksUri() == null) {
                        throw new IllegalStateException("the discovery document of " + name + " names issuer "
                                + discovery.issuer() + " or lacks an endpoint");
                    }
                    return new Provider(name, settings, discovery, decoder(discovery, settings));
                })
                .onErrorMap(failure -> !(failure instanceof ApiException), failure -> {
                    log.warn("OpenID provider {} could not be discovered at {}: {}", name, location, failure.toString());
                    return new ApiException(ErrorCode.INTERNAL_ERROR, PROVIDER_UNAVAILABLE,
                            "the OpenID provider " + name + " is unavailable");
                });
    }

    private ReactiveJwtDecoder decoder(Discovery discovery, OidcProperties.Provider settings) {
        NimbusReactiveJwtDecoder.JwkSetUriReactiveJwtDecoderBuilder builder =
                NimbusReactiveJwtDecoder.withJwkSetUri(discovery.jwksUri().toString()).webClient(http);
        List<SignatureAlgorithm> algorithms = discovery.signingAlgorithms() == null ? List.of()
                : discovery.signingAlgorithms().stream().map(SignatureAlgorithm::from).filter(Objects::nonNull).toList();
        // RS256 is every provider's (OpenID Connect Core §15.1); "none" and unknown names are never accepted
        builder.jwsAlgorithms(list -> list.addAll(algorithms.isEmpty() ? List.of(SignatureAlgorithm.RS256) : algorithms));
        NimbusReactiveJwtDecoder decoder = builder.build();
        String clientId = settings.clientId();
        OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                aud -> aud != null && aud.contains(clientId));
        OAuth2TokenValidator<Jwt> authorizedParty = jwt -> jwt.getAudience().size() <= 1
                || clientId.equals(jwt.getClaimAsString("azp"))
                ? org.springframework.security.oauth2.core.OAuth2TokenValidatorResult.success()
                : org.springframework.security.oauth2.core.OAuth2TokenValidatorResult.failure(
                        new org.springframework.security.oauth2.core.OAuth2Error("invalid_token", "azp is not this client", null));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(
                new JwtTimestampValidator(Duration.ofMinutes(1)),
                new JwtClaimValidator<Object>(JwtClaimNames.EXP, Objects::nonNull),
                new JwtClaimValidator<Object>(JwtClaimNames.IAT, Objects::nonNull),
                new JwtIssuerValidator(discovery.issuer()),
                audience,
                authorizedParty)));
        return decoder;
    }
}
