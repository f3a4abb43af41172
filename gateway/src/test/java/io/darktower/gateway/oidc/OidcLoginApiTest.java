package io.darktower.gateway.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.darktower.crypto.Keyring;
import io.darktower.crypto.Sealed;
import io.darktower.devstack.Databases;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.darktower.devstack.Sql;
import io.darktower.events.EventJson;
import io.darktower.events.user.UserSecrets;
import io.darktower.gateway.ApiCallers;
import io.darktower.gateway.GatewayInfrastructure;
import io.darktower.oidcprovider.TestOpenIdProvider;
import io.darktower.projections.runtime.ProjectionService;
import io.darktower.projections.runtime.ProjectionSettings;
import io.darktower.projections.runtime.ReadModelSchema;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * OpenID Connect sign-in over real HTTP against a real provider ({@link TestOpenIdProvider}: Spring Authorization
 * Server) started in the test: a {@link Browser} is sent to the gateway's authorize endpoint, follows it to the
 * provider, signs in on the provider's login form and brings the code back to the gateway's callback.
 */
// its relay stops with the class: no two relays capture in one test JVM
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OidcLoginApiTest {

    private static final String KEY = Keyring.newKeyBase64();
    private static final Keyring KEYRING = Keyring.ofBase64(Map.of("oidc-test", KEY), "oidc-test");
    private static final Pattern CSRF = Pattern.compile("<input[^>]*name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private static Endpoints db;
    private static TestOpenIdProvider provider;
    private static ProjectionService projections;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws Exception {
        db = Databases.create(SharedTestStack.endpoints(), "oidc_api_test");
        ReadModelSchema.migrate(db.jdbcUrl(), db.databaseUser(), db.databasePassword());
        GatewayInfrastructure.register(registry, db, "oidc_api_test");
        registry.add("darktower.crypto.keys.oidc-test", () -> KEY);
        registry.add("darktower.crypto.active-key", () -> "oidc-test");
        ApiCallers.register(registry);
        provider = TestOpenIdProvider.start();
        registry.add("darktower.oidc.providers.test.issuer-uri", provider::issuer);
        registry.add("darktower.oidc.providers.test.client-id", () -> TestOpenIdProvider.CLIENT_ID);
        registry.add("darktower.oidc.providers.test.client-secret", () -> TestOpenIdProvider.CLIENT_SECRET);
    }

    @BeforeEach
    void setUp() {
        TestOpenIdProvider.redirectUri = () -> "http://localhost:" + port + "/api/v1/auth/oidc/test/callback";
        synchronized (OidcLoginApiTest.class) {
            if (projections == null) {
                projections = ProjectionService.start(new ProjectionSettings(db.kafkaBootstrapServers(), db.jdbcUrl(),
                        db.databaseUser(), db.databasePassword(), db.redisUri(), ProjectionSettings.Tuning.DEFAULTS, KEYRING));
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (projections != null) {
            projections.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    private URI gateway(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** The sign-in started at the gateway: the provider's authorization URI (the browser now holds the flow's cookie). */
    private URI authorize(Browser browser) throws Exception {
        HttpResponse<String> started = browser.get(gateway("/api/v1/auth/oidc/test/authorize"));
        assertThat(started.statusCode()).isEqualTo(302);
        return Browser.location(started);
    }

    /** At the provider: signs in as {@code username} if the browser has not yet; answers the redirect to the callback. */
    private URI throughProvider(Browser browser, URI authorization, String username) throws Exception {
        HttpResponse<String> response = browser.get(authorization);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        URI next = Browser.location(response);
        if (next.getPath().equals("/login")) {
            HttpResponse<String> page = browser.get(next);
            Matcher csrf = CSRF.matcher(page.body());
            assertThat(csrf.find()).as(page.body()).isTrue();
            HttpResponse<String> loggedIn = browser.post(next, Map.of("username", username,
                    "password", TestOpenIdProvider.PASSWORD, "_csrf", csrf.group(1)));
            assertThat(loggedIn.statusCode()).as(loggedIn.body()).isEqualTo(302);
            HttpResponse<String> resumed = browser.get(Browser.location(loggedIn));
            assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(302);
            next = Browser.location(resumed);
        }
        assertThat(next.getPath()).isEqualTo("/api/v1/auth/oidc/test/callback");
        return next;
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return EventJson.mapper().readTree(response.body());
    }

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    /** A problem answer: the status, its stable code, and the refusal's reason. */
    private static void problem(HttpResponse<String> response, int status, String reason) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.path("code").asText()).isEqualTo(switch (status) {
            case 400 -> "INVALID_REQUEST";
            case 401 -> "UNAUTHORIZED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 409 -> "CONFLICT";
            default -> throw new AssertionError("no problem status: " + status);
        });
        assertThat(problem.path("reason").asText()).isEqualTo(reason);
    }

    /** A whole sign-in in a fresh browser: the callback's answer. */
    private HttpResponse<String> signIn(String username) throws Exception {
        Browser browser = new Browser();
        return browser.get(throughProvider(browser, authorize(browser), username));
    }

    private static URI withParameter(URI uri, String name, String value) {
        return UriComponentsBuilder.fromUri(uri).replaceQueryParam(name, value).build(true).toUri();
    }

    private static String parameter(URI uri, String name) {
        return UriComponentsBuilder.fromUri(uri).build().getQueryParams().getFirst(name);
    }

    private String eventTypes(String aggregate) {
        return Sql.one(db, "SELECT string_agg(regexp_replace(payload_type, '.*\\.', ''), ',' ORDER BY sequence_number) "
                + "FROM event_store.domain_event_entry WHERE aggregate_identifier = '" + aggregate + "'");
    }

    /** Everything the write side holds: events and claims. */
    private String writes() {
        return Sql.one(db, "SELECT (SELECT count(*) FROM event_store.domain_event_entry) || '/' "
                + "|| (SELECT count(*) FROM event_store.unique_claims)");
    }

    /** A user signed up with a password (email {@code <key>@example.test}) and signed in: its id and access token. */
    private ApiCallers.TestUser signUp(String key) {
        return ApiCallers.signUp(ApiCallers.client(port), "Has Password", key);
    }

    /** The answer carries the platform's own tokens, and its access token is the signed-in user's. */
    private void signedInWithTokens(JsonNode answer) throws Exception {
        assertThat(answer.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(answer.path("refresh_token").asText()).isNotBlank();
        String access = answer.path("access_token").asText();
        assertThat(ApiCallers.subjectOf(access)).isEqualTo(answer.get("user_id").asText());
        HttpResponse<String> me = new Browser().get(gateway("/api/v1/users/" + answer.get("user_id").asText()),
                "Authorization", "Bearer " + access);
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    }

    @Test
    void aFirstSignInOpensAnAccountAndTheSameProviderAccountSignsInToItAgain() throws Exception {
        Browser browser = new Browser();
        URI authorization = authorize(browser);
        assertThat(parameter(authorization, "code_challenge_method")).isEqualTo("S256");
        assertThat(parameter(authorization, "nonce")).isNotBlank();
        URI callback = throughProvider(browser, authorization, "alice");
        JsonNode first = ok(browser.get(callback));
        assertThat(first.get("outcome").asText()).isEqualTo("registered");
        assertThat(first.get("provider").asText()).isEqualTo("test");
        String userId = first.get("user_id").asText();
        assertThat(eventTypes(userId)).isEqualTo("UserRegistered,OAuthProviderLinked,UserLoggedIn");
        // the callback is used up: the same URL again is refused, and writes nothing
        String before = writes();
        problem(browser.get(callback), 400, PendingLogin.STATE_INVALID);
        assertThat(writes()).isEqualTo(before);

        JsonNode again = ok(signIn("alice"));
        assertThat(again.get("outcome").asText()).isEqualTo("signed_in");
        assertThat(again.get("user_id").asText()).isEqualTo(userId);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> "1".equals(Sql.one(db, "SELECT count(*) FROM users WHERE user_id = '" + userId + "'")));
        signedInWithTokens(again);
        assertThat(eventTypes(userId)).isEqualTo("UserRegistered,OAuthProviderLinked,UserLoggedIn,OAuthProviderLinked,UserLoggedIn");

        // the provider's tokens are sealed: in no event, not in the read model's columns, yet they open to the last ones
        List<String> issued = List.copyOf(TestOpenIdProvider.ISSUED_TOKENS);
        assertThat(issued).isNotEmpty();
        String payloads = Sql.one(db, "SELECT string_agg(payload, ' ') FROM event_store.domain_event_entry "
                + "WHERE aggregate_identifier = '" + userId + "'");
        // the read model keeps the last link's sealed bytes as they are in its event
        JsonNode lastLink = EventJson.mapper().readTree(Sql.one(db, "SELECT payload FROM event_store.domain_event_entry "
                + "WHERE aggregate_identifier = '" + userId + "' AND payload_type LIKE '%OAuthProviderLinked' "
                + "ORDER BY sequence_number DESC LIMIT 1"));
        String sealedAccess = lastLink.get("accessToken").asText();
        String sealedRefresh = lastLink.get("refreshToken").asText();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> sealedAccess.equals(
                Sql.one(db, "SELECT replace(encode(access_token_encrypted, 'base64'), E'\\n', '') FROM oauth_providers "
                        + "WHERE user_id = '" + userId + "' AND provider = 'test'")));
        Map<String, Object> row = Sql.rows(db, "SELECT encode(access_token_encrypted, 'base64') AS access, "
                + "encode(refresh_token_encrypted, 'base64') AS refresh, encode(access_token_encrypted, 'escape') AS raw "
                + "FROM oauth_providers WHERE user_id = '" + userId + "'").getFirst();
        assertThat(Sealed.of(Base64.getMimeDecoder().decode((String) row.get("refresh")))).isEqualTo(Sealed.fromBase64(sealedRefresh));
        for (String token : issued) {
            assertThat(payloads).doesNotContain(token);
            assertThat((String) row.get("raw")).doesNotContain(token);
        }
        String access = KEYRING.open(Sealed.of(Base64.getMimeDecoder().decode((String) row.get("access"))),
                UserSecrets.oauthAccessToken(java.util.UUID.fromString(userId), "test"));
        String refresh = KEYRING.open(Sealed.of(Base64.getMimeDecoder().decode((String) row.get("refresh"))),
                UserSecrets.oauthRefreshToken(java.util.UUID.fromString(userId), "test"));
        assertThat(issued).contains(access, refresh);
        assertThat(Sql.one(db, "SELECT email || '|' || display_name || '|' || (password_hash IS NULL) FROM users "
                + "WHERE user_id = '" + userId + "'")).isEqualTo("alice@example.com|Alice Provider|true");
    }

    @Test
    void aSignedInUserLinksTheProviderAccountWhichThenSignsInToIt() throws Exception {
        ApiCallers.TestUser user = signUp("bob");
        String bob = user.userId().toString();
        Browser browser = new Browser();
        problem(browser.post(gateway("/api/v1/auth/oidc/test/link"), Map.of()), 401, "CALLER_REQUIRED");
        JsonNode started = ok(browser.post(gateway("/api/v1/auth/oidc/test/link"), Map.of(),
                "Authorization", "Bearer " + user.accessToken()));
        URI callback = throughProvider(browser, URI.create(started.get("authorizationUri").asText()), "bob");
        JsonNode linked = ok(browser.get(callback));
        assertThat(linked.get("outcome").asText()).isEqualTo("linked");
        assertThat(linked.get("user_id").asText()).isEqualTo(bob);
        signedInWithTokens(linked);
        assertThat(eventTypes(bob)).startsWith("UserRegistered,").endsWith(",OAuthProviderLinked");

        // the provider's email (another one) does not matter: the link does
        JsonNode signedIn = ok(signIn("bob"));
        assertThat(signedIn.get("outcome").asText()).isEqualTo("signed_in");
        assertThat(signedIn.get("user_id").asText()).isEqualTo(bob);
    }

    @Test
    void noAccountIsTakenOverByItsEmailNorOpenedForAnUnverifiedOne() throws Exception {
        signUp("carol");
        String before = writes();
        problem(signIn("carol"), 409, OidcAccounts.ACCOUNT_EXISTS);
        problem(signIn("dave"), 403, OidcAccounts.EMAIL_UNVERIFIED);
        assertThat(writes()).isEqualTo(before);
    }

    @Test
    void aDeactivatedAccountDoesNotSignInThroughItsProvider() throws Exception {
        JsonNode registered = ok(signIn("frank"));
        String userId = registered.get("user_id").asText();
        HttpResponse<String> deactivated = new Browser().post(gateway("/api/v1/users/" + userId + "/deactivate"), Map.of(),
                "Authorization", "Bearer " + registered.get("access_token").asText());
        assertThat(deactivated.statusCode()).as(deactivated.body()).isEqualTo(204);
        problem(signIn("frank"), 403, "USER_DEACTIVATED");
        assertThat(eventTypes(userId)).endsWith(",UserDeactivated,UserLoginFailed");
    }

    @Test
    void tamperedSignInsAreRefusedAndWriteNothing() throws Exception {
        String before = writes();
        Browser browser = new Browser();

        // state: not the one this browser started
        URI callback = throughProvider(browser, authorize(browser), "erin");
        problem(browser.get(withParameter(callback, "state", PendingLogin.random())), 400, PendingLogin.STATE_INVALID);
        // the right callback in another browser (no cookie): a login / link CSRF
        callback = throughProvider(browser, authorize(browser), "erin");
        problem(new Browser().get(callback), 400, PendingLogin.STATE_INVALID);

        // nonce: the provider is asked for another one, so its ID token carries another one
        URI authorization = authorize(browser);
        callback = throughProvider(browser, withParameter(authorization, "nonce", PendingLogin.random()), "erin");
        problem(browser.get(callback), 401, OidcLogin.NONCE_MISMATCH);

        // PKCE: the provider is given another challenge, so this sign-in's verifier does not redeem the code
        authorization = authorize(browser);
        callback = throughProvider(browser, withParameter(authorization, "code_challenge",
                PendingLogin.start("test", callback, null, java.time.Instant.MAX).codeChallenge()), "erin");
        problem(browser.get(callback), 401, OidcLogin.CODE_REJECTED);

        // the provider answers an error
        authorization = authorize(browser);
        problem(browser.get(gateway("/api/v1/auth/oidc/test/callback?error=access_denied&state="
                + parameter(authorization, "state"))), 401, OidcController.PROVIDER_REFUSED);

        problem(browser.get(gateway("/api/v1/auth/oidc/nope/authorize")), 404, OidcProviders.UNKNOWN_PROVIDER);
        assertThat(writes()).isEqualTo(before);

        // the same provider account, untampered, signs in
        callback = throughProvider(browser, authorize(browser), "erin");
        assertThat(ok(browser.get(callback)).get("outcome").asText()).isEqualTo("registered");
    }
}
