package io.darktower.projections.user;

import io.darktower.projections.EventsOnTopics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darktower.crypto.Keyring;
import io.darktower.crypto.Sealed;
import io.darktower.devstack.Databases;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.darktower.devstack.Sql;
import io.darktower.events.apikey.ApiKeyIssued;
import io.darktower.events.apikey.ApiKeyRevoked;
import io.darktower.events.apikey.ApiKeyScope;
import io.darktower.events.apikey.ApiKeySecrets;
import io.darktower.events.user.LoginFailure;
import io.darktower.events.user.OAuthProviderLinked;
import io.darktower.events.user.OAuthProviderUnlinked;
import io.darktower.events.user.UserDeactivated;
import io.darktower.events.user.UserLoggedIn;
import io.darktower.events.user.UserLoginFailed;
import io.darktower.events.user.UserPasswordChanged;
import io.darktower.events.user.UserProfileChanged;
import io.darktower.events.user.UserRegistered;
import io.darktower.events.user.UserSecrets;
import io.darktower.projections.runtime.ProjectionService;
import io.darktower.projections.runtime.ProjectionSettings;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Given user and API-key events on the real Kafka topics, expect the seed's {@code users}, {@code oauth_providers} and
 * {@code api_keys} rows, column for column; sealed secrets opened where the seed wants them open, kept sealed where
 * it wants them encrypted.
 */
class IdentityProjectionsTest {

    private static final String OLD_KEY = Keyring.newKeyBase64();
    /** Rotated: "new" seals, "old" still opens what it sealed. */
    private static final Keyring KEYRING = Keyring.ofBase64(Map.of("old", OLD_KEY, "new", Keyring.newKeyBase64()), "new");
    private static final Keyring BEFORE_ROTATION = Keyring.ofBase64(Map.of("old", OLD_KEY), "old");
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
    private static final Instant T1 = T0.plusSeconds(10);
    private static final Instant T2 = T0.plusSeconds(20);
    private static final Instant T3 = T0.plusSeconds(30);
    private static final String HASH = "$argon2id$v=19$m=16384,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA";

    private static Endpoints db;
    private static ProjectionService service;
    private static EventsOnTopics topic;

    @BeforeAll
    static void start() throws Exception {
        db = Databases.create(SharedTestStack.endpoints(), "identity_projections_test");
        topic = new EventsOnTopics(db.kafkaBootstrapServers());
        service = ProjectionService.start(new ProjectionSettings(db.kafkaBootstrapServers(), db.jdbcUrl(),
                db.databaseUser(), db.databasePassword(), db.redisUri(), ProjectionSettings.Tuning.DEFAULTS, KEYRING));
        assertThat(service.awaitAssignment(Duration.ofSeconds(60))).isTrue();
    }

    @AfterAll
    static void stop() {
        service.close();
        topic.close();
    }

    private static Map<String, Object> user(UUID id) {
        List<Map<String, Object>> rows = Sql.rows(db, "SELECT user_id, email, display_name, password_hash, created_at, "
                + "updated_at, last_login_at, is_active, metadata::text AS metadata FROM users WHERE user_id = '" + id + "'");
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static List<Map<String, Object>> links(UUID id) {
        return Sql.rows(db, "SELECT * FROM oauth_providers WHERE user_id = '" + id + "' ORDER BY provider");
    }

    private static Map<String, Object> apiKey(UUID id) {
        List<Map<String, Object>> rows = Sql.rows(db, "SELECT key_id, user_id, key_hash, key_prefix, name, "
                + "array_to_string(scopes, ',') AS scopes, is_active, last_used_at, expires_at, created_at, updated_at "
                + "FROM api_keys WHERE key_id = '" + id + "'");
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static Instant instant(Object timestamp) {
        return timestamp == null ? null : ((Timestamp) timestamp).toInstant();
    }

    private static void eventually(Callable<Boolean> condition) {
        await().atMost(Duration.ofSeconds(30)).until(condition);
    }

    private static UserRegistered registered(UUID user, String hash) {
        return new UserRegistered(user, "u-" + user + "@example.com", "Alice",
                KEYRING.sealNullable(hash, UserSecrets.passwordHash(user)), T0);
    }

    @Test
    void aUsersLifeBecomesTheSeedsUsersAndOAuthRows() throws Exception {
        UUID user = UUID.randomUUID();
        EventsOnTopics.History history = new EventsOnTopics.History();
        // registered before the key rotation: its hash is sealed with the old key, which still opens it
        topic.send(history.add(new UserRegistered(user, "u-" + user + "@example.com", "Alice",
                BEFORE_ROTATION.seal(HASH, UserSecrets.passwordHash(user)), T0)));
        eventually(() -> user(user) != null);
        Map<String, Object> row = user(user);
        assertThat(row).containsEntry("email", "u-" + user + "@example.com")
                .containsEntry("display_name", "Alice")
                .containsEntry("password_hash", HASH)
                .containsEntry("last_login_at", null)
                .containsEntry("is_active", true)
                .containsEntry("metadata", "{}");
        assertThat(instant(row.get("created_at"))).isEqualTo(T0);
        assertThat(instant(row.get("updated_at"))).isEqualTo(T0);

        Sealed access = KEYRING.seal("gho_access_token", UserSecrets.oauthAccessToken(user, "github"));
        Sealed refresh = KEYRING.seal("ghr_refresh_token", UserSecrets.oauthRefreshToken(user, "github"));
        String newHash = HASH.replace("aGFzaA", "bmV3aA");
        var events = history.add(
                new UserProfileChanged(user, "Alice B.", Map.of("timezone", "Europe/Paris", "n", 1), T1),
                new UserLoginFailed(user, LoginFailure.WRONG_PASSWORD, T1),
                new UserLoggedIn(user, T2),
                new OAuthProviderLinked(user, "github", "gh-42", access, refresh, T3, T1),
                new OAuthProviderLinked(user, "google", "g-7", null, null, null, T1),
                new UserPasswordChanged(user, KEYRING.seal(newHash, UserSecrets.passwordHash(user)), T2),
                new OAuthProviderUnlinked(user, "google", "g-7", T2),
                new UserDeactivated(user, T3));
        topic.send(events);
        eventually(() -> Boolean.FALSE.equals(user(user).get("is_active")));

        row = user(user);
        assertThat(row).containsEntry("display_name", "Alice B.").containsEntry("password_hash", newHash);
        assertThat(row.get("metadata")).isIn("{\"n\": 1, \"timezone\": \"Europe/Paris\"}");
        assertThat(instant(row.get("last_login_at"))).isEqualTo(T2);
        assertThat(instant(row.get("updated_at"))).as("kept by the seed's trigger").isAfter(T0);

        List<Map<String, Object>> links = links(user);
        assertThat(links).hasSize(1);
        Map<String, Object> github = links.get(0);
        assertThat(github).containsEntry("provider", "github").containsEntry("provider_user_id", "gh-42");
        assertThat(instant(github.get("token_expires_at"))).isEqualTo(T3);
        assertThat(instant(github.get("created_at"))).isEqualTo(T1);
        byte[] storedAccess = (byte[]) github.get("access_token_encrypted");
        byte[] storedRefresh = (byte[]) github.get("refresh_token_encrypted");
        assertThat(new String(storedAccess, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("gho_access_token");
        assertThat(Sealed.of(storedAccess).keyId()).isEqualTo("new");
        assertThat(KEYRING.open(Sealed.of(storedAccess), UserSecrets.oauthAccessToken(user, "github"))).isEqualTo("gho_access_token");
        assertThat(KEYRING.open(Sealed.of(storedRefresh), UserSecrets.oauthRefreshToken(user, "github"))).isEqualTo("ghr_refresh_token");

        // the relay published everything again after a crash: nothing changes
        Map<String, Object> before = user(user);
        topic.send(history.all());
        Thread.sleep(1_500);
        assertThat(user(user)).isEqualTo(before);
        assertThat(links(user)).hasSize(1);
        assertThat(Sql.one(db, "SELECT count(*) FROM parked_aggregates WHERE aggregate_id = '" + user + "'")).isEqualTo("0");
    }

    @Test
    void aProviderAccountMovedToAnotherUserEndsWithTheNewUserWhateverTheOrderAcrossUsers() throws Exception {
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        EventsOnTopics.History a = new EventsOnTopics.History();
        EventsOnTopics.History b = new EventsOnTopics.History();
        String account = "gh-" + UUID.randomUUID();
        // bob's link (newer) is applied before alice's older link and unlink arrive
        topic.send(b.add(registered(bob, null), new OAuthProviderLinked(bob, "github", account, null, null, null, T2)));
        eventually(() -> links(bob).size() == 1);
        topic.send(a.add(registered(alice, null), new OAuthProviderLinked(alice, "github", account, null, null, null, T0),
                new OAuthProviderUnlinked(alice, "github", account, T1)));
        eventually(() -> "2".equals(Sql.one(db, "SELECT last_sequence FROM projection_sequences WHERE projection = 'user-sql' "
                + "AND aggregate_id = '" + alice + "'")));
        Thread.sleep(1_500);
        assertThat(links(alice)).isEmpty();
        assertThat(links(bob)).hasSize(1);
        assertThat(links(bob).get(0)).containsEntry("provider_user_id", account);
    }

    @Test
    void anApiKeyBecomesTheSeedsRowWithItsHashOpenAndItsUseKept() throws Exception {
        UUID user = UUID.randomUUID();
        UUID key = UUID.randomUUID();
        String hash = "0123456789abcdef".repeat(4);
        topic.send(new EventsOnTopics.History().add(registered(user, null)));
        EventsOnTopics.History history = new EventsOnTopics.History();
        topic.send(history.add(new ApiKeyIssued(key, user, "ci", KEYRING.seal(hash, ApiKeySecrets.keyHash(key)),
                "dtk_abcdefgh", List.of(ApiKeyScope.MEETINGS_READ, ApiKeyScope.MEETINGS_CREATE), T3, T1)));
        eventually(() -> apiKey(key) != null);

        Map<String, Object> row = apiKey(key);
        assertThat(row).containsEntry("user_id", user)
                .containsEntry("key_hash", hash)
                .containsEntry("key_prefix", "dtk_abcdefgh")
                .containsEntry("name", "ci")
                .containsEntry("scopes", "meetings:create,meetings:read")
                .containsEntry("is_active", true)
                .containsEntry("last_used_at", null);
        assertThat(instant(row.get("expires_at"))).isEqualTo(T3);
        assertThat(instant(row.get("created_at"))).isEqualTo(T1);
        assertThat(instant(row.get("updated_at"))).isEqualTo(T1);

        // a use recorded by the gateway's usage writer survives the key's later events
        Sql.execute(db, "UPDATE api_keys SET last_used_at = '" + Timestamp.from(T2) + "' WHERE key_id = '" + key + "'");
        Instant used = instant(apiKey(key).get("last_used_at"));
        topic.send(history.add(new ApiKeyRevoked(key, user, T3)));
        eventually(() -> Boolean.FALSE.equals(apiKey(key).get("is_active")));
        assertThat(instant(apiKey(key).get("last_used_at"))).isEqualTo(used);

        Map<String, Object> before = apiKey(key);
        topic.send(history.all());
        Thread.sleep(1_500);
        assertThat(apiKey(key)).isEqualTo(before);
        assertThat(Sql.one(db, "SELECT count(*) FROM parked_aggregates WHERE aggregate_id = '" + key + "'")).isEqualTo("0");
    }
}
