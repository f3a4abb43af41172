package io.darktower.gateway.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The token endpoint's answer in OAuth 2.0's shape (RFC 6749 §5.1): what every grant, and a sign-in through a provider,
 * answers.
 *
 * @param refreshToken only for a signed-in user (password grant, refresh, provider sign-in); null otherwise
 * @param scope        the granted scopes, space-separated
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") long expiresIn,
        @JsonProperty("refresh_token") String refreshToken,
        @JsonProperty("scope") String scope) {

    public static final String BEARER = "Bearer";

    @Override
    public String toString() {
        return "TokenResponse[token_type=" + tokenType + ", expires_in=" + expiresIn + ", scope=" + scope + ", tokens=***]";
    }
}
