package io.darktower.gateway.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.darktower.commands.Rejected;
import io.darktower.commands.user.RegisterUser;
import io.darktower.commands.user.UserRejection;
import io.darktower.crypto.Keyring;
import io.darktower.crypto.Sealed;
import io.darktower.gateway.ApiCallers;
import io.darktower.gateway.GatewayInfrastructure;
import io.darktower.devstack.Databases;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.darktower.devstack.Sql;
import io.darktower.events.EventJson;
import io.darktower.events.user.UserSecrets;
import io.darktower.projections.runtime.ProjectionService;
import io.darktower.projections.runtime.ProjectionSettings;
import io.darktower.projections.runtime.ReadModelSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Users and API keys over real HTTP, on the whole path: the event store, the relay to Kafka, the projections into the
 * read model the gateway reads (sign-in looks the email up there; a key authenticates from there).
 */
// its relay, sweepers and presence watch stop with the class: no two relays capture in one test JVM
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IdentityApiTest {

    private static final String KEY = Keyring.newKeyBase64();
    private static final Keyring KEYRING = Keyring.ofBase64(Map.of("api-test", KEY), "api-test");
    private static final String PASSWORD = "correct horse battery";
    private static Endpoints db;
    private static ProjectionService projections;

    @LocalServerPort
    int port;

    @Autowired
    CommandGateway commands;

    private WebTestClient http;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        db = Databases.create(SharedTestStack.endpoints(), "identity_api_test");
        ReadModelSchema.migrate(db.jdbcUrl(), db.databaseUser(), db.databasePassword());
        GatewayInfrastructure.register(registry, db, "identity_api_test");
        registry.add("darktower.crypto.keys.api-test", () -> KEY);
        registry.add("darktower.crypto.active-key", () -> "api-test");
    }

    @BeforeEach
    void client() throws Exception {
        http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(30)).build();
        synchronized (IdentityApiTest.class) {
            if (projections == null) {
                projections = ProjectionService.start(new ProjectionSettings(db.kafkaBootstrapServers(), db.jdbcUrl(),
                        db.databaseUser(), db.databasePassword(), db.redisUri(), ProjectionSettings.Tuning.DEFAULTS, KEYRING));
            }
        }
    }

    @AfterAll
    static void stop() {
        if (projections != null) {
            projections.close();
        }
    }

    private static void eventually(Callable<Boolean> condition) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(condition);
    }

    private WebTestClient.BodyContentSpec expectProblem(WebTestClient.ResponseSpec response, int status, String code) {
        return response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo(code);
    }

    private JsonNode json(WebTestClient.ResponseSpec response) throws Exception {
        return EventJson.mapper().readTree(response.expectBody().returnResult().getResponseBody());
    }

    private String register(String email, String idempotencyKey) throws Exception {
        JsonNode body = json(http.post().uri("/api/v1/users").contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", idempotencyKey)
                .bodyValue(Map.of("email", email, "displayName", "Alice", "password", PASSWORD))
                .exchange().expectStatus().isCreated());
        return body.get("userId").asText();
    }

    private WebTestClient.ResponseSpec login(String email, String password) {
        return http.post().uri("/api/v1/users/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", password)).exchange();
    }

    private long events(String aggregate) {
        return Long.parseLong(Sql.one(db, "SELECT count(*) FROM event_store.domain_event_entry WHERE aggregate_identifier = '"
                + aggregate + "'"));
    }

    private String eventTypes(String aggregate) {
        return Sql.one(db, "SELECT string_agg(regexp_replace(payload_type, '.*\\.', ''), ',' ORDER BY sequence_number) "
                + "FROM event_store.domain_event_entry WHERE aggregate_identifier = '" + aggregate + "'");
    }

    @Test
    void registerSignInChangeIssueUseRevoke() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        try {
            walkThrough();
        } finally {
            root.detachAppender(logged);
        }
        String logs = String.join("\n", logged.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList());
        assertThat(logged.list).as("the walk-through logged its refusals").isNotEmpty();
        assertThat(logs).as("no password, token or key secret in any log line")
                .doesNotContain(PASSWORD).doesNotContain("a new long password").doesNotContain("wrong password")
                .doesNotContain("gho_ACCESS_").doesNotContain("dtk_");
    }

    @Test
    void aLongUsedAccountIsSnapshottedAndStillChecksItsPassword() throws Exception {
        String email = "often-" + UUID.randomUUID() + "@example.com";
        String user = register(email, UUID.randomUUID().toString());
        eventually(() -> login(email, PASSWORD).returnResult(String.class).getStatus().value() == 200);
        for (int i = 0; i < 55; i++) {
            login(email, i % 5 == 0 ? "wrong password" : PASSWORD).returnResult(String.class);
        }
        assertThat(Long.parseLong(Sql.one(db, "SELECT count(*) FROM event_store.snapshot_event_entry WHERE aggregate_identifier = '"
                + user + "'"))).as("a snapshot was taken").isPositive();
        assertThat(Sql.one(db, "SELECT payload FROM event_store.snapshot_event_entry WHERE aggregate_identifier = '"
                + user + "' ORDER BY sequence_number DESC LIMIT 1")).as("the snapshot keeps the hash sealed")
                .doesNotContain("argon2").doesNotContain(PASSWORD);

        // decided from the snapshot: the password still checks, a wrong one is still refused
        login(email, PASSWORD).expectStatus().isOk();
        expectProblem(login(email, "wrong password"), 401, "UNAUTHORIZED").jsonPath("$.reason").isEqualTo("INVALID_CREDENTIALS");
    }

    private void walkThrough() throws Exception {
        String email = "alice-" + UUID.randomUUID() + "@example.com";
        String idempotencyKey = UUID.randomUUID().toString();
        String alice = register(email.toUpperCase(), idempotencyKey);
        assertThat(register(email.toUpperCase(), idempotencyKey)).as("a retry answers the same user").isEqualTo(alice);
        assertThat(eventTypes(alice)).isEqualTo("UserRegistered");
        // signing in right after signing up works: the email is looked up on the write side
        String aliceToken = ApiCallers.signIn(http, email).accessToken();

        // the email is taken (compared lower case): refused through the claim, nothing stored
        String otherKey = UUID.randomUUID().toString();
        expectProblem(http.post().uri("/api/v1/users").contentType(MediaType.APPLICATION_JSON).header("Idempotency-Key", otherKey)
                .bodyValue(Map.of("email", email, "displayName", "Mallory", "password", PASSWORD)).exchange(), 409, "CONFLICT")
                .jsonPath("$.reason").isEqualTo("EMAIL_TAKEN");
        UUID mallory = UUID.randomUUID();
        assertThat(catchThrowable(() -> commands.sendAndWait(new RegisterUser(mallory, email, "Mallory", null, Instant.now()))))
                .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).isEqualTo(UserRejection.EMAIL_TAKEN));
        assertThat(events(mallory.toString())).isZero();
        assertThat(Sql.one(db, "SELECT owner_id FROM event_store.unique_claims WHERE scope = 'email' AND claimed_value = '"
                + email + "'")).isEqualTo(alice);

        // the read model follows; GET is for the user only and never shows the hash
        eventually(() -> http.get().uri("/api/v1/users/{id}", alice).headers(h -> h.setBearerAuth(aliceToken)).exchange()
                .returnResult(String.class).getStatus().value() == 200);
        JsonNode profile = json(http.get().uri("/api/v1/users/{id}", alice).headers(h -> h.setBearerAuth(aliceToken)).exchange().expectStatus().isOk());
        assertThat(profile.get("email").asText()).isEqualTo(email);
        assertThat(profile.get("hasPassword").asBoolean()).isTrue();
        assertThat(profile.toString()).doesNotContain("argon2").doesNotContainIgnoringCase("passwordHash");
        String bobEmail = "bob-" + UUID.randomUUID() + "@example.com";
        String bob = register(bobEmail, UUID.randomUUID().toString());
        String bobToken = ApiCallers.signIn(http, bobEmail).accessToken();
        expectProblem(http.get().uri("/api/v1/users/{id}", alice).headers(h -> h.setBearerAuth(bobToken)).exchange(), 403, "FORBIDDEN")
                .jsonPath("$.reason").isEqualTo("NOT_YOURSELF");
        expectProblem(http.get().uri("/api/v1/users/{id}", alice).exchange(), 401, "UNAUTHORIZED");

        // sign-in: wrong password recorded and refused, unknown email alike, the right one recorded
        expectProblem(login(email, "wrong password"), 401, "UNAUTHORIZED").jsonPath("$.reason").isEqualTo("INVALID_CREDENTIALS");
        expectProblem(login("nobody-" + UUID.randomUUID() + "@example.com", PASSWORD), 401, "UNAUTHORIZED")
                .jsonPath("$.reason").isEqualTo("INVALID_CREDENTIALS");
        assertThat(json(login(email.toUpperCase(), PASSWORD).expectStatus().isOk()).get("userId").asText()).isEqualTo(alice);
        assertThat(eventTypes(alice)).isEqualTo("UserRegistered,UserLoggedIn,UserLoginFailed,UserLoggedIn");
        eventually(() -> Sql.one(db, "SELECT last_login_at FROM users WHERE user_id = '" + alice + "'") != null);

        // profile: the caller's own only; fields a read store cannot hold are refused, naming the field
        http.patch().uri("/api/v1/users/{id}", alice).headers(h -> h.setBearerAuth(aliceToken)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", "Alice B.", "metadata", Map.of("timezone", "Europe/Paris")))
                .exchange().expectStatus().isNoContent();
        expectProblem(http.patch().uri("/api/v1/users/{id}", alice).headers(h -> h.setBearerAuth(bobToken)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", "Mallory")).exchange(), 403, "FORBIDDEN").jsonPath("$.reason").isEqualTo("NOT_YOURSELF");
        long before = events(alice);
        expectProblem(http.patch().uri("/api/v1/users/{id}", alice).headers(h -> h.setBearerAuth(aliceToken)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"displayName\":\"Al\\u0000ice\"}").exchange(), 400, "INVALID_REQUEST").jsonPath("$.fields.displayName").exists();
        expectProblem(http.patch().uri("/api/v1/users/{id}", alice).headers(h -> h.setBearerAuth(aliceToken)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", "x".repeat(256))).exchange(), 400, "INVALID_REQUEST").jsonPath("$.fields.displayName").exists();
        expectProblem(http.patch().uri("/api/v1/users/{id}", alice).headers(h -> h.setBearerAuth(aliceToken)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"metadata\":{\"bio\":\"line\\u0007\"}}").exchange(), 400, "INVALID_REQUEST").jsonPath("$.fields.metadata").exists();
        expectProblem(http.post().uri("/api/v1/users/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"email\":\"a\\u0000@example.com\",\"password\":\"x\"}").exchange(), 400, "INVALID_REQUEST")
                .jsonPath("$.fields.email").exists();
        expectProblem(login(email, "p".repeat(1000)), 400, "INVALID_REQUEST").jsonPath("$.fields.password").exists();
        assertThat(events(alice)).isEqualTo(before);
        eventually(() -> "Alice B.".equals(Sql.one(db, "SELECT display_name FROM users WHERE user_id = '" + alice + "'")));
        assertThat(Sql.one(db, "SELECT metadata->>'timezone' FROM users WHERE user_id = '" + alice + "'")).isEqualTo("Europe/Paris");

        // password change needs the current one
        expectProblem(http.post().uri("/api/v1/users/{id}/password", alice).headers(h -> h.setBearerAuth(aliceToken)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("oldPassword", "wrong password", "newPassword", "a new long password")).exchange(), 403, "FORBIDDEN")
                .jsonPath("$.reason").isEqualTo("WRONG_PASSWORD");
        http.post().uri("/api/v1/users/{id}/password", alice).headers(h -> h.setBearerAuth(aliceToken)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("oldPassword", PASSWORD, "newPassword", "a new long password")).exchange().expectStatus().isNoContent();
        login(email, "a new long password").expectStatus().isOk();
        // every session signed in with the old password ends with it, this one too
        expectProblem(http.get().uri("/api/v1/users/{id}", alice).headers(h -> h.setBearerAuth(aliceToken)).exchange(),
                401, "UNAUTHORIZED");
        String aliceAgain = ApiCallers.json(ApiCallers.token(http, Map.of("grant_type", "password", "username", email,
                "password", "a new long password")).expectStatus().isOk()).get("access_token").asText();
        eventually(() -> Sql.one(db, "SELECT password_hash FROM users WHERE user_id = '" + alice + "'") != null);
        String hash = Sql.one(db, "SELECT password_hash FROM users WHERE user_id = '" + alice + "'");
        assertThat(hash).startsWith("$argon2id$");

        // a provider account: tokens sealed in the read model, opening to what was sent
        http.put().uri("/api/v1/users/{id}/oauth/github", alice).headers(h -> h.setBearerAuth(aliceAgain)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("providerUserId", "gh-" + alice, "accessToken", "gho_ACCESS_" + alice, "refreshToken", "ghr_REFRESH_" + alice))
                .exchange().expectStatus().isNoContent();
        eventually(() -> !Sql.rows(db, "SELECT 1 FROM oauth_providers WHERE user_id = '" + alice + "'").isEmpty());
        Map<String, Object> link = Sql.rows(db, "SELECT * FROM oauth_providers WHERE user_id = '" + alice + "'").get(0);
        assertThat(KEYRING.open(Sealed.of((byte[]) link.get("access_token_encrypted")), UserSecrets.oauthAccessToken(UUID.fromString(alice), "github")))
                .isEqualTo("gho_ACCESS_" + alice);
        assertThat(KEYRING.open(Sealed.of((byte[]) link.get("refresh_token_encrypted")), UserSecrets.oauthRefreshToken(UUID.fromString(alice), "github")))
                .isEqualTo("ghr_REFRESH_" + alice);
        expectProblem(http.put().uri("/api/v1/users/{id}/oauth/github", bob).headers(h -> h.setBearerAuth(bobToken)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("providerUserId", "gh-" + alice)).exchange(), 409, "CONFLICT").jsonPath("$.reason").isEqualTo("OAUTH_ACCOUNT_TAKEN");
        http.delete().uri("/api/v1/users/{id}/oauth/github", alice).headers(h -> h.setBearerAuth(aliceAgain)).exchange().expectStatus().isNoContent();
        http.delete().uri("/api/v1/users/{id}/oauth/github", alice).headers(h -> h.setBearerAuth(aliceAgain)).exchange().expectStatus().isNoContent();
        http.put().uri("/api/v1/users/{id}/oauth/github", bob).headers(h -> h.setBearerAuth(bobToken)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("providerUserId", "gh-" + alice)).exchange().expectStatus().isNoContent();

        // an API key: the secret once, a retry without it
        String issueKey = UUID.randomUUID().toString();
        JsonNode issued = json(http.post().uri("/api/v1/users/{id}/api-keys", alice).headers(h -> h.setBearerAuth(aliceAgain))
                .header("Idempotency-Key", issueKey).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "ci", "scopes", List.of("meetings:read", "meetings:create"))).exchange().expectStatus().isCreated());
        String secret = issued.get("secret").asText();
        String keyId = issued.get("keyId").asText();
        assertThat(secret).startsWith("dtk_").hasSize(47).startsWith(issued.get("keyPrefix").asText());
        JsonNode retried = json(http.post().uri("/api/v1/users/{id}/api-keys", alice).headers(h -> h.setBearerAuth(aliceAgain))
                .header("Idempotency-Key", issueKey).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "ci", "scopes", List.of("meetings:read", "meetings:create"))).exchange().expectStatus().isOk());
        assertThat(retried.get("keyId").asText()).isEqualTo(keyId);
        assertThat(retried.get("keyPrefix").asText()).isEqualTo(issued.get("keyPrefix").asText());
        assertThat(retried.get("secret").isNull()).isTrue();
        assertThat(events(keyId)).isEqualTo(1);
        expectProblem(http.post().uri("/api/v1/users/{id}/api-keys", alice).headers(h -> h.setBearerAuth(aliceAgain)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "ci", "scopes", List.of("everything"))).exchange(), 400, "INVALID_REQUEST");
        expectProblem(http.post().uri("/api/v1/users/{id}/api-keys", alice).headers(h -> h.setBearerAuth(bobToken)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "ci", "scopes", List.of("meetings:read"))).exchange(), 403, "FORBIDDEN");

        // using it: who it is, and its use recorded (at most once a minute per key)
        eventually(() -> http.get().uri("/api/v1/api-keys/self").header("Authorization", "Bearer " + secret).exchange()
                .returnResult(String.class).getStatus().value() == 200);
        JsonNode self = json(http.get().uri("/api/v1/api-keys/self").header("Authorization", "Bearer " + secret).exchange().expectStatus().isOk());
        assertThat(self.get("keyId").asText()).isEqualTo(keyId);
        assertThat(self.get("userId").asText()).isEqualTo(alice);
        assertThat(self.get("scopes").toString()).isEqualTo("[\"meetings:create\",\"meetings:read\"]");
        eventually(() -> Sql.one(db, "SELECT last_used_at FROM api_keys WHERE key_id = '" + keyId + "'") != null);
        Sql.execute(db, "UPDATE api_keys SET last_used_at = NULL WHERE key_id = '" + keyId + "'");
        http.get().uri("/api/v1/api-keys/self").header("Authorization", "Bearer " + secret).exchange().expectStatus().isOk();
        Thread.sleep(500);
        assertThat(Sql.one(db, "SELECT last_used_at FROM api_keys WHERE key_id = '" + keyId + "'")).as("coalesced").isNull();
        assertThat(events(keyId)).as("uses are not events").isEqualTo(1);

        JsonNode listed = json(http.get().uri("/api/v1/users/{id}/api-keys", alice).headers(h -> h.setBearerAuth(aliceAgain)).exchange().expectStatus().isOk());
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("keyPrefix").asText()).isEqualTo(issued.get("keyPrefix").asText());
        assertThat(listed.toString()).doesNotContainIgnoringCase("hash").doesNotContain(secret);
        expectProblem(http.get().uri("/api/v1/users/{id}/api-keys", alice).headers(h -> h.setBearerAuth(bobToken)).exchange(), 403, "FORBIDDEN");

        // revoking: another user cannot, the owner can (twice is fine), and the key stops working
        expectProblem(http.delete().uri("/api/v1/users/{id}/api-keys/{key}", bob, keyId).headers(h -> h.setBearerAuth(bobToken)).exchange(), 404, "NOT_FOUND");
        http.delete().uri("/api/v1/users/{id}/api-keys/{key}", alice, keyId).headers(h -> h.setBearerAuth(aliceAgain)).exchange().expectStatus().isNoContent();
        http.delete().uri("/api/v1/users/{id}/api-keys/{key}", alice, keyId).headers(h -> h.setBearerAuth(aliceAgain)).exchange().expectStatus().isNoContent();
        assertThat(eventTypes(keyId)).isEqualTo("ApiKeyIssued,ApiKeyRevoked");
        eventually(() -> http.get().uri("/api/v1/api-keys/self").header("Authorization", "Bearer " + secret).exchange()
                .returnResult(String.class).getStatus().value() == 401);
        expectProblem(http.get().uri("/api/v1/api-keys/self").header("Authorization", "Bearer " + secret).exchange(), 401, "UNAUTHORIZED")
                .jsonPath("$.reason").isEqualTo("INVALID_TOKEN");
        expectProblem(http.get().uri("/api/v1/api-keys/self").header("Authorization", "Bearer dtk_unknown").exchange(), 401, "UNAUTHORIZED");

        // an expired key is refused
        JsonNode shortLived = json(http.post().uri("/api/v1/users/{id}/api-keys", alice).headers(h -> h.setBearerAuth(aliceAgain))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "short", "scopes", List.of("users:read"),
                        "expiresAt", Instant.now().plusSeconds(3).toString())).exchange().expectStatus().isCreated());
        String shortSecret = shortLived.get("secret").asText();
        eventually(() -> Sql.one(db, "SELECT key_id FROM api_keys WHERE key_id = '" + shortLived.get("keyId").asText() + "'") != null);
        Thread.sleep(Math.max(0, Instant.parse(shortLived.get("expiresAt").asText()).toEpochMilli() - System.currentTimeMillis() + 100));
        expectProblem(http.get().uri("/api/v1/api-keys/self").header("Authorization", "Bearer " + shortSecret).exchange(), 401, "UNAUTHORIZED");
        expectProblem(http.post().uri("/api/v1/users/{id}/api-keys", alice).headers(h -> h.setBearerAuth(aliceAgain)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "past", "scopes", List.of("users:read"), "expiresAt", "2020-01-01T00:00:00Z")).exchange(),
                400, "INVALID_REQUEST").jsonPath("$.reason").isEqualTo("EXPIRY_NOT_IN_FUTURE");

        // deactivated: no sign-in, even with the right password (recorded), no changes
        http.post().uri("/api/v1/users/{id}/deactivate", alice).headers(h -> h.setBearerAuth(aliceAgain)).exchange().expectStatus().isNoContent();
        // the account's sessions end with it: the token that deactivated it is refused from now on
        expectProblem(http.post().uri("/api/v1/users/{id}/deactivate", alice).headers(h -> h.setBearerAuth(aliceAgain)).exchange(),
                401, "UNAUTHORIZED").jsonPath("$.detail").isEqualTo("token revoked");
        expectProblem(login(email, "a new long password"), 403, "FORBIDDEN").jsonPath("$.reason").isEqualTo("USER_DEACTIVATED");
        expectProblem(ApiCallers.token(http, Map.of("grant_type", "password", "username", email, "password", "a new long password")),
                403, "FORBIDDEN").jsonPath("$.reason").isEqualTo("USER_DEACTIVATED");
        expectProblem(http.patch().uri("/api/v1/users/{id}", alice).headers(h -> h.setBearerAuth(aliceAgain)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", "Back")).exchange(), 401, "UNAUTHORIZED");
        assertThat(eventTypes(alice)).endsWith("UserDeactivated,UserLoginFailed,UserLoginFailed");
        eventually(() -> "false".equals(Sql.one(db, "SELECT is_active FROM users WHERE user_id = '" + alice + "'")));

        // no secret in the clear anywhere in the event log: passwords, hashes, tokens, the key or its hash
        String log = String.join("\n", Sql.strings(db, "SELECT payload || ' ' || coalesce(meta_data, '') FROM event_store.domain_event_entry"));
        String keyHash = Sql.one(db, "SELECT key_hash FROM api_keys WHERE key_id = '" + keyId + "'");
        assertThat(keyHash).hasSize(64);
        assertThat(log).contains(alice).doesNotContain(PASSWORD).doesNotContain("a new long password")
                .doesNotContain("argon2").doesNotContain(hash).doesNotContain("gho_ACCESS_").doesNotContain("ghr_REFRESH_")
                .doesNotContain(secret).doesNotContain(keyHash).doesNotContain(shortSecret).doesNotContain(aliceAgain);
    }
}
