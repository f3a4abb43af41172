package io.darktower.gateway.oidc;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.darktower.errors.ErrorCode;
import io.darktower.gateway.api.ApiException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;

/**
 * The back channel of an authorization-code sign-in: redeems the code at the provider's token endpoint with the PKCE
 * code verifier (and the client secret, HTTP Basic, for a confidential client), then checks the ID token
 * ({@link OidcProviders} for signature, issuer, audience, expiry; here the nonce). What comes out is a proven provider
 * account and its tokens; nothing is written here.
 */
@Component
public class OidcLogin {

    private static final Logger log = LoggerFactory.getLogger(OidcLogin.class);
    /** The provider refused to redeem the code: altered, used already, or not this PKCE verifier's. */
    static final String CODE_REJECTED = "OIDC_CODE_REJECTED";
    /** The ID token is not signed by the provider, not for this client, out of date or not from this issuer. */
    static final String ID_TOKEN_INVALID = "OIDC_ID_TOKEN_INVALID";
    /** The ID token does not carry the nonce of the sign-in this browser started (a replayed or injected token). */
    static final String NONCE_MISMATCH = "OIDC_NONCE_MISMATCH";

    private final WebClient http;

    public OidcLogin(OidcProviders providers) {
        this.http = providers.http();
    }

    /** The token endpoint's answer (RFC 6749 §5.1, OpenID Connect Core §3.1.3.3). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenAnswer(
            @JsonProperty("access_token") String accessToken,
            @JsonProperty("refresh_token") String refreshToken,
            @JsonProperty("id_token") String idToken,
            @JsonProperty("expires_in") Long expiresIn) {

        @Override
        public String toString() {
            return "TokenAnswer[***]";
        }
    }

    /**
     * A provider account proven by a valid ID token, with the provider's tokens (kept sealed by the user account).
     *
     * @param subject       the ID token's {@code sub}: the provider's stable id of the account
     * @param email         null when the provider gave none
     * @param emailVerified whether the provider vouches for the email
     */
    public record ProviderAccount(String provider, String subject, String email, boolean emailVerified, String name,
                                  String accessToken, String refreshToken, Instant tokenExpiresAt) {

        @Override
        public String toString() {
            return "ProviderAccount[provider=" + provider + ", subject=" + subject + ", tokens=***]";
        }
    }

    /** Redeems {@code code} for the sign-in {@code pending} and proves the account it names. */
    public Mono<ProviderAccount> finish(OidcProviders.Provider provider, PendingLogin pending, String code, Instant now) {
        return redeem(provider, pending, code)
                .flatMap(tokens -> provider.idTokens().decode(tokens.idToken())
                        .onErrorMap(JwtException.class, e -> {
                            log.info("refused an ID token of {}: {}", provider.name(), e.getMessage());
                            return new ApiException(ErrorCode.UNAUTHORIZED, ID_TOKEN_INVALID, "the ID token is not valid");
                        })
                        .map(idToken -> account(provider.name(), idToken, pending, tokens, now)));
    }

    private Mono<TokenAnswer> redeem(OidcProviders.Provider provider, PendingLogin pending, String code) {
        OidcProperties.Provider settings = provider.settings();
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", "authorization_code");
        form.add("code", code);
        form.add("redirect_uri", pending.redirectUri().toString());
        form.add("code_verifier", pending.codeVerifier());
        boolean confidential = settings.clientSecret() != null && !settings.clientSecret().isEmpty();
        if (!confidential) {
            form.add("client_id", settings.clientId());
        }
        return http.post().uri(provider.endpoints().tokenEndpoint())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .accept(MediaType.APPLICATION_JSON)
                .headers(headers -> {
                    if (confidential) {
                        headers.set(HttpHeaders.AUTHORIZATION, basic(settings.clientId(), settings.clientSecret()));
                    }
                })
                .body(BodyInserters.fromFormData(form))
                .retrieve()
                .bodyToMono(TokenAnswer.class)
                .timeout(Duration.ofSeconds(10))
                .onErrorMap(e -> !(e instanceof ApiException), e -> {
                    if (e instanceof WebClientResponseException refused && refused.getStatusCode().is4xxClientError()) {
                        log.info("{} refused to redeem a code: {} {}", provider.name(), refused.getStatusCode(),
                                refused.getResponseBodyAsString());
                        return new ApiException(ErrorCode.UNAUTHORIZED, CODE_REJECTED,
                                "the provider did not accept this sign-in's code");
                    }
                    log.warn("the token endpoint of {} failed: {}", provider.name(), e.toString());
                    return new ApiException(ErrorCode.INTERNAL_ERROR, OidcProviders.PROVIDER_UNAVAILABLE,
                            "the OpenID provider " + provider.name() + " is unavailable");
                })
                .filter(tokens -> tokens.idToken() != null && tokens.accessToken() != null)
                .switchIfEmpty(Mono.error(() -> new ApiException(ErrorCode.UNAUTHORIZED, ID_TOKEN_INVALID,
                        "the provider answered no ID token")));
    }

    /** RFC 6749 §2.3.1: id and secret form-encoded, then Basic. */
    private static String basic(String clientId, String secret) {
        String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static ProviderAccount account(String provider, Jwt idToken, PendingLogin pending, TokenAnswer tokens,
                                           Instant now) {
        if (!pending.nonce().equals(idToken.getClaimAsString("nonce"))) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, NONCE_MISMATCH, "the ID token is not this sign-in's");
        }
        String subject = idToken.getSubject();
        if (subject == null || subject.isEmpty()) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, ID_TOKEN_INVALID, "the ID token names no subject");
        }
        Object verified = idToken.getClaims().get("email_verified");
        boolean emailVerified = Boolean.TRUE.equals(verified) || "true".equals(verified);
        String name = idToken.getClaimAsString("name");
        if (name == null || name.isBlank()) {
            name = idToken.getClaimAsString("preferred_username");
        }
        Instant expiresAt = tokens.expiresIn() == null ? null : now.plusSeconds(tokens.expiresIn());
        return new ProviderAccount(provider, subject, idToken.getClaimAsString("email"), emailVerified, name,
                tokens.accessToken(), tokens.refreshToken(), expiresAt);
    }
}
