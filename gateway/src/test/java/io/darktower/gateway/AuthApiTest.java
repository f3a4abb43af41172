package io.darktower.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.darktower.crypto.Keyring;
import io.darktower.devstack.Databases;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.darktower.devstack.Sql;
import io.darktower.gateway.api.Caller;
import io.darktower.gateway.auth.AccessTokens;
import io.darktower.gateway.auth.AuthProperties;
import io.darktower.gateway.auth.GatewaySchema;
import io.darktower.gateway.auth.SigningKeys;
import io.darktower.gateway.auth.TokenHashes;
import io.darktower.projections.runtime.ProjectionService;
import io.darktower.projections.runtime.ProjectionSettings;
import io.darktower.projections.runtime.ReadModelSchema;
import io.darktower.readmodel.RedisKeys;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Authentication and authorization over real HTTP, with the read side running (API keys authenticate from the read
 * model): every way a token can be wrong, scopes, refresh rotation and reuse, logout, signing-key rotation (also by
 * another instance), guests, and who may end, kick and remove — each refusal with its status and code, writing nothing.
 */
// its relay stops with the class: no two relays capture in one test JVM
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
// no presence watch and no node sweeper: participants here never beat and the nodes registered here go silent, and
// their removals and health changes would be events that no refused request wrote
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"darktower.presence.enabled=false", "darktower.nodes.sweeper-enabled=false"})
class AuthApiTest {

    private static final String KEY = Keyring.newKeyBase64();
    private static Endpoints db;
    private static ProjectionService projections;
    private static RedisClient redisClient;
    private static RedisCommands<String, String> redis;

    @LocalServerPort
    int port;

    @Autowired
    AccessTokens accessTokens;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    Keyring keyring;

    @Autowired
    AuthProperties properties;

    @Autowired
    GatewaySchema.Migrated migrated;

    private WebTestClient http;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        db = Databases.create(SharedTestStack.endpoints(), "auth_api_test");
        ReadModelSchema.migrate(db.jdbcUrl(), db.databaseUser(), db.databasePassword());
        GatewayInfrastructure.register(registry, db, "auth_api_test");
        registry.add("darktower.crypto.keys.auth-test", () -> KEY);
        registry.add("darktower.crypto.active-key", () -> "auth-test");
    }

    @BeforeEach
    void client() {
        http = ApiCallers.client(port);
        synchronized (AuthApiTest.class) {
            if (projections == null) {
                projections = ProjectionService.start(new ProjectionSettings(db.kafkaBootstrapServers(), db.jdbcUrl(),
                        db.databaseUser(), db.databasePassword(), db.redisUri(), ProjectionSettings.Tuning.DEFAULTS,
                        Keyring.ofBase64(Map.of("auth-test", KEY), "auth-test")));
                redisClient = RedisClient.create(db.redisUri());
                redis = redisClient.connect().sync();
            }
        }
    }

    @AfterAll
    static void stop() {
        if (projections != null) {
            projections.close();
            redisClient.shutdown();
        }
    }

    private static long events() {
        return Long.parseLong(Sql.one(db, "SELECT count(*) FROM event_store.domain_event_entry"));
    }

    private static WebTestClient.BodyContentSpec expectProblem(WebTestClient.ResponseSpec response, int status, String code) {
        return response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists("X-Request-Id")
                .expectBody().jsonPath("$.code").isEqualTo(code).jsonPath("$.trace").doesNotExist();
    }

    private WebTestClient.ResponseSpec createMeeting(String token, Map<String, Object> body) {
        return http.post().uri("/api/v1/meetings").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private String meeting(String token, Map<String, Object> settings) {
        return ApiCallers.json(createMeeting(token, Map.of("displayName", "Auth", "settings", settings))
                .expectStatus().isCreated()).get("meetingId").asText();
    }

    private JsonNode join(String meeting, String token) {
        return ApiCallers.json(http.post().uri("/api/v1/meetings/{id}/participants", meeting).headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("displayName", "P")).exchange()
                .expectStatus().isCreated());
    }

    @Test
    void missingMalformedForgedExpiredAndForeignTokensAre401WithAChallengeAndWriteNothing() throws Exception {
        ApiCallers.TestUser alice = ApiCallers.signUp(http, "Alice");
        long before = events();
        Map<String, Object> body = Map.of("displayName", "Nope");

        expectProblem(http.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange(),
                401, "UNAUTHORIZED").jsonPath("$.reason").isEqualTo("CALLER_REQUIRED");
        http.get().uri("/api/v1/meetings/{id}", UUID.randomUUID()).exchange().expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        expectProblem(createMeeting("not-a-token", body), 401, "UNAUTHORIZED").jsonPath("$.reason").isEqualTo("INVALID_TOKEN");
        createMeeting("not-a-token", body).expectHeader().value(HttpHeaders.WWW_AUTHENTICATE,
                challenge -> assertThat(challenge).startsWith("Bearer error=\"invalid_token\""));

        // the payload changed after signing: the signature no longer matches
        String[] parts = alice.accessToken().split("\\.");
        String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1])).replace(alice.userId().toString(),
                        UUID.randomUUID().toString()).getBytes());
        expectProblem(createMeeting(parts[0] + "." + forgedPayload + "." + parts[2], body), 401, "UNAUTHORIZED")
                .jsonPath("$.detail").isEqualTo("bad signature");
        // signed by someone else's key under this platform's key id
        String kid = SignedJWT.parse(alice.accessToken()).getHeader().getKeyID();
        ECKey foreign = new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid)
                .type(new JOSEObjectType("at+jwt")).build(), SignedJWT.parse(alice.accessToken()).getJWTClaimsSet());
        forged.sign(new ECDSASigner(foreign));
        expectProblem(createMeeting(forged.serialize(), body), 401, "UNAUTHORIZED").jsonPath("$.detail").isEqualTo("bad signature");
        // unsigned
        String none = new com.nimbusds.jose.PlainObject(new JWTClaimsSet.Builder().subject(alice.userId().toString())
                .expirationTime(Date.from(Instant.now().plusSeconds(60))).build().toPayload()).serialize();
        expectProblem(createMeeting(none, body), 401, "UNAUTHORIZED");
        // expired: signed by this platform, a second ago
        String expired = accessTokens.sign(new AccessTokens.Claims(Caller.Kind.USER, alice.userId().toString(), alice.userId(),
                Set.of("meetings:create"), null, null, null), Duration.ofSeconds(-1)).value();
        expectProblem(createMeeting(expired, body), 401, "UNAUTHORIZED").jsonPath("$.detail").isEqualTo("token expired");
        // a refresh token is not an access token; an unknown API key is refused alike
        expectProblem(createMeeting(alice.refreshToken(), body), 401, "UNAUTHORIZED");
        expectProblem(createMeeting("dtk_" + "A".repeat(43), body), 401, "UNAUTHORIZED").jsonPath("$.reason").isEqualTo("INVALID_TOKEN");

        assertThat(events()).as("no refused request wrote anything").isEqualTo(before);
        createMeeting(alice.accessToken(), body).expectStatus().isCreated();
    }

    @Test
    void theTokenEndpointAnswersInOAuthShapeAndRefusesBadGrants() {
        ApiCallers.TestUser alice = ApiCallers.signUp(http, "Alice");
        ApiCallers.token(http, Map.of("grant_type", "password", "username", alice.email(), "password", ApiCallers.PASSWORD))
                .expectStatus().isOk()
                .expectHeader().cacheControl(org.springframework.http.CacheControl.noStore())
                .expectBody()
                .jsonPath("$.token_type").isEqualTo("Bearer")
                .jsonPath("$.expires_in").isEqualTo(3600)
                .jsonPath("$.access_token").isNotEmpty()
                .jsonPath("$.refresh_token").value(token -> assertThat((String) token).startsWith("dtr_"));
        // the same fields as JSON
        http.post().uri("/api/v1/auth/token").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("grant_type", "password", "username", alice.email(), "password", ApiCallers.PASSWORD))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.access_token").isNotEmpty();

        expectProblem(ApiCallers.token(http, Map.of("grant_type", "password", "username", alice.email(), "password", "wrong pass")),
                401, "UNAUTHORIZED").jsonPath("$.reason").isEqualTo("INVALID_CREDENTIALS");
        expectProblem(ApiCallers.token(http, Map.of("grant_type", "password", "username", "nobody@example.test",
                "password", ApiCallers.PASSWORD)), 401, "UNAUTHORIZED").jsonPath("$.reason").isEqualTo("INVALID_CREDENTIALS");
        expectProblem(ApiCallers.token(http, Map.of("grant_type", "password", "username", alice.email())), 400, "INVALID_REQUEST");
        expectProblem(ApiCallers.token(http, Map.of("grant_type", "authorization_code")), 400, "INVALID_REQUEST")
                .jsonPath("$.reason").isEqualTo("UNSUPPORTED_GRANT_TYPE");
        expectProblem(ApiCallers.token(http, Map.of()), 400, "INVALID_REQUEST");
        expectProblem(ApiCallers.token(http, Map.of("grant_type", "client_credentials", "client_id", ApiCallers.SERVICE_CLIENT,
                "client_secret", "wrong")), 401, "UNAUTHORIZED").jsonPath("$.reason").isEqualTo("INVALID_CLIENT");
        expectProblem(ApiCallers.token(http, Map.of("grant_type", "refresh_token", "refresh_token", "dtr_unknown")),
                401, "UNAUTHORIZED").jsonPath("$.reason").isEqualTo("INVALID_GRANT");
    }

    @Test
    void aRefreshTokenRotatesOnUseAndItsReuseRevokesTheWholeFamily() {
        ApiCallers.TestUser alice = ApiCallers.signUp(http, "Alice");
        JsonNode second = ApiCallers.json(ApiCallers.token(http, Map.of("grant_type", "refresh_token",
                "refresh_token", alice.refreshToken())).expectStatus().isOk());
        String refresh2 = second.get("refresh_token").asText();
        String access2 = second.get("access_token").asText();
        assertThat(refresh2).isNotEqualTo(alice.refreshToken());
        createMeeting(access2, Map.of("displayName", "Rotated")).expectStatus().isCreated();
        assertThat(Sql.one(db, "SELECT count(*) FROM gateway.refresh_tokens WHERE token_hash = '"
                + TokenHashes.sha256(refresh2) + "'")).as("kept as a hash").isEqualTo("1");
        assertThat(Sql.one(db, "SELECT count(*) FROM gateway.refresh_tokens WHERE token_hash LIKE 'dtr_%'")).isEqualTo("0");

        // the spent token again: refused, and the family is revoked — the newer refresh and access tokens too
        expectProblem(ApiCallers.token(http, Map.of("grant_type", "refresh_token", "refresh_token", alice.refreshToken())),
                401, "UNAUTHORIZED").jsonPath("$.reason").isEqualTo("INVALID_GRANT");
        expectProblem(ApiCallers.token(http, Map.of("grant_type", "refresh_token", "refresh_token", refresh2)),
                401, "UNAUTHORIZED").jsonPath("$.reason").isEqualTo("INVALID_GRANT");
        expectProblem(createMeeting(access2, Map.of("displayName", "Stolen")), 401, "UNAUTHORIZED")
                .jsonPath("$.detail").isEqualTo("token revoked");
        expectProblem(createMeeting(alice.accessToken(), Map.of("displayName", "Stolen")), 401, "UNAUTHORIZED");
        // a new sign-in is a new family
        ApiCallers.TestUser again = ApiCallers.signIn(http, alice.email());
        createMeeting(again.accessToken(), Map.of("displayName", "Back")).expectStatus().isCreated();
    }

    @Test
    void logoutBlacklistsTheTokenUntilItExpiresAndEndsTheSession() {
        ApiCallers.TestUser alice = ApiCallers.signUp(http, "Alice");
        http.post().uri("/api/v1/auth/logout").headers(alice::authorize).exchange().expectStatus().isNoContent();

        String key = RedisKeys.tokenBlacklist(TokenHashes.sha256(alice.accessToken()));
        assertThat(redis.get(key)).isEqualTo("logout");
        assertThat(redis.ttl(key)).isBetween(3500L, 3601L);
        expectProblem(createMeeting(alice.accessToken(), Map.of("displayName", "After logout")), 401, "UNAUTHORIZED")
                .jsonPath("$.detail").isEqualTo("token revoked");
        expectProblem(ApiCallers.token(http, Map.of("grant_type", "refresh_token", "refresh_token", alice.refreshToken())),
                401, "UNAUTHORIZED").jsonPath("$.reason").isEqualTo("INVALID_GRANT");
        expectProblem(http.post().uri("/api/v1/auth/logout").exchange(), 401, "UNAUTHORIZED");
    }

    @Test
    void aRotatedSigningKeyKeepsVerifyingTokensInDateAndAnotherInstancesKeysAreFound() throws Exception {
        ApiCallers.TestUser admin = ApiCallers.admin(http);
        ApiCallers.TestUser alice = ApiCallers.signUp(http, "Alice");
        String oldKid = SignedJWT.parse(alice.accessToken()).getHeader().getKeyID();

        expectProblem(http.post().uri("/api/v1/auth/signing-keys/rotate").headers(alice::authorize).exchange(), 403, "FORBIDDEN");
        String newKid = ApiCallers.json(http.post().uri("/api/v1/auth/signing-keys/rotate").headers(admin::authorize).exchange()
                .expectStatus().isOk()).get("keyId").asText();
        assertThat(newKid).isNotEqualTo(oldKid);

        // signed with the previous key, still in date: accepted; new tokens are signed with the new key
        createMeeting(alice.accessToken(), Map.of("displayName", "Old key")).expectStatus().isCreated();
        ApiCallers.TestUser fresh = ApiCallers.signIn(http, alice.email());
        assertThat(SignedJWT.parse(fresh.accessToken()).getHeader().getKeyID()).isEqualTo(newKid);
        JsonNode jwks = ApiCallers.json(http.get().uri("/.well-known/jwks.json").exchange().expectStatus().isOk());
        List<String> kids = jwks.get("keys").findValuesAsText("kid");
        assertThat(kids).contains(oldKid, newKid);
        assertThat(jwks.toString()).doesNotContain("\"d\"");

        // another gateway instance on the same database rotates and signs: this one finds the key and accepts
        SigningKeys other = new SigningKeys(jdbc, transactions, keyring, properties, migrated);
        String otherKid = other.rotate();
        String fromOther = new AccessTokens(other, properties).sign(new AccessTokens.Claims(Caller.Kind.USER,
                alice.userId().toString(), alice.userId(), Set.of("meetings:create"), null, null, null), Duration.ofMinutes(5)).value();
        assertThat(SignedJWT.parse(fromOther).getHeader().getKeyID()).isEqualTo(otherKid);
        createMeeting(fromOther, Map.of("displayName", "Other instance")).expectStatus().isCreated();
        // a revoked token is refused at once, whatever key signed it
        http.post().uri("/api/v1/auth/logout").headers(h -> h.setBearerAuth(fromOther)).exchange().expectStatus().isNoContent();
        expectProblem(createMeeting(fromOther, Map.of("displayName", "Revoked")), 401, "UNAUTHORIZED");
        assertThat(Sql.one(db, "SELECT count(*) FROM gateway.signing_keys WHERE retired_at IS NULL")).isEqualTo("1");
        assertThat(Sql.one(db, "SELECT count(*) FROM gateway.signing_keys WHERE encode(private_key, 'escape') LIKE '%\"d\"%'"))
                .as("private keys sealed").isEqualTo("0");
    }

    @Test
    void apiKeysAuthenticateAsBearerAndThroughClientCredentialsWithinTheirScopes() {
        ApiCallers.TestUser alice = ApiCallers.signUp(http, "Alice");
        String meeting = meeting(alice.accessToken(), Map.of());
        // a key is issued to a user the read model knows
        await().atMost(Duration.ofSeconds(30)).until(() ->
                !Sql.rows(db, "SELECT 1 FROM users WHERE user_id = '" + alice.userId() + "'").isEmpty());
        JsonNode issued = ApiCallers.json(http.post().uri("/api/v1/users/{id}/api-keys", alice.userId()).headers(alice::authorize)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "reader", "scopes", List.of("meetings:read")))
                .exchange().expectStatus().isCreated());
        String secret = issued.get("secret").asText();
        String keyId = issued.get("keyId").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get().uri("/api/v1/meetings/{id}", meeting)
                .headers(h -> h.setBearerAuth(secret)).exchange().returnResult(String.class).getStatus().value() != 401);
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get().uri("/api/v1/meetings/{id}", meeting)
                .headers(h -> h.setBearerAuth(secret)).exchange().returnResult(String.class).getStatus().value() == 200);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                Sql.one(db, "SELECT last_used_at FROM api_keys WHERE key_id = '" + keyId + "'") != null);
        long before = events();

        // the key reads; it may not create, write, or manage the account (an API key never mints keys)
        expectProblem(createMeeting(secret, Map.of("displayName", "Not allowed")), 403, "FORBIDDEN")
                .jsonPath("$.reason").isEqualTo("INSUFFICIENT_SCOPE");
        expectProblem(http.post().uri("/api/v1/meetings/{id}/end", meeting).headers(h -> h.setBearerAuth(secret)).exchange(),
                403, "FORBIDDEN");
        expectProblem(http.post().uri("/api/v1/users/{id}/api-keys", alice.userId()).headers(h -> h.setBearerAuth(secret))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "escalate", "scopes", List.of("meetings:write")))
                .exchange(), 403, "FORBIDDEN");

        // exchanged for a token: the same scopes, no refresh token
        JsonNode granted = ApiCallers.json(ApiCallers.token(http, Map.of("grant_type", "client_credentials",
                "client_id", keyId, "client_secret", secret)).expectStatus().isOk());
        assertThat(granted.get("scope").asText()).isEqualTo("meetings:read");
        assertThat(granted.has("refresh_token")).isFalse();
        String keyToken = granted.get("access_token").asText();
        http.get().uri("/api/v1/meetings/{id}", meeting).headers(h -> h.setBearerAuth(keyToken)).exchange().expectStatus().isOk();
        expectProblem(createMeeting(keyToken, Map.of("displayName", "Not allowed")), 403, "FORBIDDEN");
        expectProblem(ApiCallers.token(http, Map.of("grant_type", "client_credentials", "client_secret", secret,
                "scope", "meetings:write")), 400, "INVALID_REQUEST").jsonPath("$.reason").isEqualTo("INVALID_SCOPE");
        assertThat(events()).isEqualTo(before);

        // revoking the key stops it and the tokens it was exchanged for at once, not when they would expire
        http.delete().uri("/api/v1/users/{id}/api-keys/{key}", alice.userId(), keyId).headers(alice::authorize).exchange()
                .expectStatus().isNoContent();
        expectProblem(http.get().uri("/api/v1/meetings/{id}", meeting).headers(h -> h.setBearerAuth(keyToken)).exchange(),
                401, "UNAUTHORIZED");
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get().uri("/api/v1/meetings/{id}", meeting)
                .headers(h -> h.setBearerAuth(secret)).exchange().returnResult(String.class).getStatus().value() == 401);
    }

    @Test
    void nodeEndpointsTakeServiceCredentialsOnly() {
        ApiCallers.TestUser alice = ApiCallers.signUp(http, "Alice");
        String service = ApiCallers.serviceToken(http);
        Map<String, Object> body = Map.of("region", "eu-west-1", "endpoint", "https://mc.example.com:8443", "maxMeetings", 10,
                "maxParticipants", 100, "version", "1.0");
        String node = "mc-auth-" + UUID.randomUUID();
        long before = events();

        expectProblem(http.put().uri("/api/v1/controllers/{id}", node).contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange(), 401, "UNAUTHORIZED");
        expectProblem(http.put().uri("/api/v1/controllers/{id}", node).headers(alice::authorize)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange(), 403, "FORBIDDEN")
                .jsonPath("$.reason").isEqualTo("INSUFFICIENT_SCOPE");
        expectProblem(http.post().uri("/api/v1/media-handlers/{id}/heartbeat", node).headers(alice::authorize)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange(), 403, "FORBIDDEN");
        assertThat(events()).isEqualTo(before);

        http.put().uri("/api/v1/controllers/{id}", node).headers(h -> h.setBearerAuth(service))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isOk();
        // a service acts for no user: it creates no meeting
        expectProblem(createMeeting(service, Map.of("displayName", "By a service")), 403, "FORBIDDEN");
    }

    @Test
    void onlyTheHostOrAnAdminEndsAndKicksAndAParticipantRemovesOnlyItself() {
        ApiCallers.TestUser host = ApiCallers.signUp(http, "Host");
        ApiCallers.TestUser bob = ApiCallers.signUp(http, "Bob");
        ApiCallers.TestUser carol = ApiCallers.signUp(http, "Carol");
        ApiCallers.TestUser admin = ApiCallers.admin(http);
        String meeting = meeting(host.accessToken(), Map.of());
        join(meeting, host.accessToken());
        String bobs = join(meeting, bob.accessToken()).get("participantId").asText();
        JsonNode carolJoined = join(meeting, carol.accessToken());
        String carols = carolJoined.get("participantId").asText();
        JsonNode guestJoined = join(meeting, ApiCallers.guestToken(http, meeting));
        long before = events();

        expectProblem(http.delete().uri("/api/v1/meetings/{m}/participants/{p}", meeting, carols).headers(bob::authorize)
                .exchange(), 403, "FORBIDDEN").jsonPath("$.reason").isEqualTo("NOT_ALLOWED");
        expectProblem(http.delete().uri("/api/v1/meetings/{m}/participants/{p}", meeting, carols)
                .headers(h -> h.setBearerAuth(guestJoined.get("joinToken").asText())).exchange(), 403, "FORBIDDEN");
        expectProblem(http.post().uri("/api/v1/meetings/{m}/participants/{p}/kick", meeting, carols).headers(bob::authorize)
                .exchange(), 403, "FORBIDDEN").jsonPath("$.reason").isEqualTo("NOT_ALLOWED");
        expectProblem(http.post().uri("/api/v1/meetings/{m}/end", meeting).headers(bob::authorize).exchange(), 403, "FORBIDDEN")
                .jsonPath("$.reason").isEqualTo("NOT_ALLOWED");
        expectProblem(http.patch().uri("/api/v1/meetings/{m}", meeting).headers(bob::authorize)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("displayName", "Mine")).exchange(), 403, "FORBIDDEN");
        assertThat(events()).as("refusals write nothing").isEqualTo(before);

        // each leaves itself: Bob as the user he joined as, Carol with her join token
        http.delete().uri("/api/v1/meetings/{m}/participants/{p}", meeting, bobs).headers(bob::authorize).exchange()
                .expectStatus().isNoContent();
        http.delete().uri("/api/v1/meetings/{m}/participants/{p}", meeting, carols)
                .headers(h -> h.setBearerAuth(carolJoined.get("joinToken").asText())).exchange().expectStatus().isNoContent();
        // the host kicks the guest; an admin ends a meeting that is not theirs
        http.post().uri("/api/v1/meetings/{m}/participants/{p}/kick", meeting, guestJoined.get("participantId").asText())
                .headers(host::authorize).exchange().expectStatus().isNoContent();
        http.post().uri("/api/v1/meetings/{m}/end", meeting).headers(admin::authorize).exchange().expectStatus().isOk();
    }

    @Test
    void idempotencyKeysAreScopedPerCaller() {
        ApiCallers.TestUser alice = ApiCallers.signUp(http, "Alice");
        ApiCallers.TestUser bob = ApiCallers.signUp(http, "Bob");
        String key = UUID.randomUUID().toString();
        java.util.function.Function<ApiCallers.TestUser, String> create = user -> ApiCallers.json(http.post().uri("/api/v1/meetings")
                .headers(user::authorize).header("Idempotency-Key", key).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", "Same key")).exchange().expectStatus().isCreated()).get("meetingId").asText();
        String alices = create.apply(alice);
        assertThat(create.apply(alice)).as("a retry by the same caller").isEqualTo(alices);
        assertThat(create.apply(bob)).as("the same key from another caller names another meeting").isNotEqualTo(alices);
    }

    @Test
    void aGuestJoinsOnlyMeetingsThatAdmitGuestsAndOnlyItsOwnMeeting() {
        ApiCallers.TestUser host = ApiCallers.signUp(http, "Host");
        String open = meeting(host.accessToken(), Map.of());
        String signedInOnly = meeting(host.accessToken(), Map.of("requireAuth", true));
        String guestForClosed = ApiCallers.guestToken(http, signedInOnly);
        long before = events();

        expectProblem(http.post().uri("/api/v1/meetings/{id}/participants", signedInOnly).headers(h -> h.setBearerAuth(guestForClosed))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("displayName", "Guest")).exchange(), 401, "UNAUTHORIZED")
                .jsonPath("$.reason").isEqualTo("AUTHENTICATION_REQUIRED");
        // a guest token is for its meeting only, and for nothing but joining and reading it
        expectProblem(http.post().uri("/api/v1/meetings/{id}/participants", open).headers(h -> h.setBearerAuth(guestForClosed))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("displayName", "Guest")).exchange(), 403, "FORBIDDEN");
        expectProblem(createMeeting(guestForClosed, Map.of("displayName", "Guest's")), 403, "FORBIDDEN");
        assertThat(events()).isEqualTo(before);

        JsonNode joined = join(open, ApiCallers.guestToken(http, open));
        assertThat(joined.get("joinToken").asText()).isNotBlank();

        // by the code a person was given: the meeting's id comes with the token; a sign-in-only meeting refuses at once
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.rows(db, "SELECT 1 FROM meetings WHERE meeting_id IN ('"
                + open + "', '" + signedInOnly + "')").size() == 2);
        String openCode = Sql.one(db, "SELECT meeting_code FROM meetings WHERE meeting_id = '" + open + "'");
        String closedCode = Sql.one(db, "SELECT meeting_code FROM meetings WHERE meeting_id = '" + signedInOnly + "'");
        http.post().uri("/api/v1/auth/guest").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("meetingCode", openCode))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.meeting_id").isEqualTo(open)
                .jsonPath("$.access_token").isNotEmpty();
        expectProblem(http.post().uri("/api/v1/auth/guest").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("meetingCode", closedCode)).exchange(), 401, "UNAUTHORIZED")
                .jsonPath("$.reason").isEqualTo("AUTHENTICATION_REQUIRED");
        expectProblem(http.post().uri("/api/v1/auth/guest").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("meetingCode", "no such code!")).exchange(), 400, "INVALID_REQUEST");
        assertThat(Sql.one(db, "SELECT count(*) FROM event_store.domain_event_entry WHERE aggregate_identifier = '" + open
                + "' AND payload_type LIKE '%ParticipantJoined' AND payload::text LIKE '%" + host.userId() + "%'"))
                .as("the guest joined as no user").isEqualTo("0");
    }
}
