package io.darktower.gateway;

import io.darktower.events.EventJson;
import io.darktower.gateway.auth.TokenHashes;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * Callers of the API under test, authenticated the way a client is: a user signs up and gets tokens from the token
 * endpoint (password grant); a service client gets its token with the client-credentials grant; the administrator is a
 * user whose id the test configuration names. Every test authenticates through here.
 */
public final class ApiCallers {

    public static final String PASSWORD = "correct horse battery";
    public static final String SERVICE_CLIENT = "test-nodes";
    public static final String SERVICE_SECRET = "test-nodes-secret-" + UUID.nameUUIDFromBytes("nodes".getBytes());
    /** The sign-up Idempotency-Key of the administrator; its user id is {@link #ADMIN_ID}. */
    public static final String ADMIN_KEY = "test-admin";
    /** Sign-up without credentials derives the user id from the key alone (IdempotencyKeys). */
    public static final UUID ADMIN_ID = UUID.nameUUIDFromBytes(("darktower:register-user:" + ADMIN_KEY).getBytes());

    private ApiCallers() {
    }

    /** A signed-in user: its id and tokens. */
    public record TestUser(UUID userId, String email, String accessToken, String refreshToken) {
        public void authorize(HttpHeaders headers) {
            headers.setBearerAuth(accessToken);
        }
    }

    /** The settings every gateway under test gets: one service client with the {@code nodes} scope, one administrator. */
    public static void register(DynamicPropertyRegistry registry) {
        settings().forEach((name, value) -> registry.add(name, () -> value));
    }

    /** The same settings as properties, for a gateway started otherwise (the platform's tests). */
    public static Map<String, String> settings() {
        return Map.of("darktower.auth.service-clients." + SERVICE_CLIENT + ".secret-sha256", TokenHashes.sha256(SERVICE_SECRET),
                "darktower.auth.service-clients." + SERVICE_CLIENT + ".scopes", "nodes",
                "darktower.auth.admins", ADMIN_ID.toString());
    }

    public static WebTestClient client(int port) {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(30)).build();
    }

    /** A client whose every request carries {@code token}. */
    public static WebTestClient client(int port, String token) {
        return client(port).mutate().defaultHeaders(headers -> headers.setBearerAuth(token)).build();
    }

    /** Signs a new user up and in. */
    public static TestUser signUp(WebTestClient http, String displayName) {
        return signUp(http, displayName, UUID.randomUUID().toString());
    }

    /** Signs up with {@code key} as Idempotency-Key (so the user id is known in advance), then signs in. */
    public static TestUser signUp(WebTestClient http, String displayName, String key) {
        String email = key + "@example.test";
        http.post().uri("/api/v1/users").contentType(MediaType.APPLICATION_JSON).header("Idempotency-Key", key)
                .bodyValue(Map.of("email", email, "displayName", displayName, "password", PASSWORD))
                .exchange().expectStatus().is2xxSuccessful();
        return signIn(http, email);
    }

    public static TestUser admin(WebTestClient http) {
        return signUp(http, "Admin", ADMIN_KEY);
    }

    /** Signs in with the password grant. */
    public static TestUser signIn(WebTestClient http, String email) {
        JsonNode tokens = json(token(http, Map.of("grant_type", "password", "username", email, "password", PASSWORD))
                .expectStatus().isOk());
        String access = tokens.get("access_token").asText();
        return new TestUser(UUID.fromString(subjectOf(access)), email, access, tokens.get("refresh_token").asText());
    }

    /** A service client's token (scope {@code nodes}). */
    public static String serviceToken(WebTestClient http) {
        return json(token(http, Map.of("grant_type", "client_credentials", "client_id", SERVICE_CLIENT,
                "client_secret", SERVICE_SECRET)).expectStatus().isOk()).get("access_token").asText();
    }

    /** A guest's token for one meeting. */
    public static String guestToken(WebTestClient http, String meetingId) {
        return json(http.post().uri("/api/v1/auth/guest").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("meetingId", meetingId)).exchange().expectStatus().isOk()).get("access_token").asText();
    }

    /** POSTs form fields to the token endpoint, as RFC 6749 has it. */
    public static WebTestClient.ResponseSpec token(WebTestClient http, Map<String, String> fields) {
        var form = new org.springframework.util.LinkedMultiValueMap<String, String>();
        fields.forEach(form::add);
        return http.post().uri("/api/v1/auth/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData(form)).exchange();
    }

    public static JsonNode json(WebTestClient.ResponseSpec response) {
        try {
            return EventJson.mapper().readTree(response.expectBody().returnResult().getResponseBody());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code sub} of a token (its payload, unchecked: the test only reads what it was given). */
    public static String subjectOf(String token) {
        try {
            String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
            return EventJson.mapper().readTree(payload).get("sub").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
