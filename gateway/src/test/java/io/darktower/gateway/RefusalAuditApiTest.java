package io.darktower.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darktower.devstack.Databases;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.darktower.devstack.Sql;
import io.darktower.events.EventJson;
import io.darktower.gateway.api.RequestContext;
import io.darktower.projections.audit.AuditSqlProjector;
import io.darktower.projections.runtime.ProjectionService;
import io.darktower.projections.runtime.ProjectionSettings;
import io.darktower.projections.runtime.ReadModelSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A refusal that matters for security reaches the audit trail over real HTTP: the gateway answers 403 and publishes
 * the refusal to Kafka; the audit projection, running here on the same database, makes it a {@code failure} row.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RefusalAuditApiTest {

    private static Endpoints db;
    private static ProjectionService audit;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws Exception {
        db = Databases.create(SharedTestStack.endpoints(), "gateway_audit_test");
        ReadModelSchema.migrate(db.jdbcUrl(), db.databaseUser(), db.databasePassword());
        audit = ProjectionService.start(new ProjectionSettings(db.kafkaBootstrapServers(), db.jdbcUrl(),
                db.databaseUser(), db.databasePassword(), db.redisUri()), List.of(new AuditSqlProjector()));
        GatewayInfrastructure.register(registry, db, null);
    }

    @AfterAll
    static void stop() {
        if (audit != null) {
            audit.close();
        }
    }

    @Test
    void someoneElseEndingAMeetingIsRefusedWith403AndAuditedAsAFailure() throws Exception {
        WebTestClient http = ApiCallers.client(port);
        ApiCallers.TestUser creatorUser = ApiCallers.signUp(http, "Creator");
        ApiCallers.TestUser intruderUser = ApiCallers.signUp(http, "Intruder");
        UUID creator = creatorUser.userId();
        UUID intruder = intruderUser.userId();
        // audit_logs.actor_user_id references users: the users' rows exist, as their projection will have made them
        for (UUID user : List.of(creator, intruder)) {
            Sql.execute(db, "INSERT INTO users (user_id, email, display_name) VALUES ('" + user + "', 'u-" + user
                    + "@example.com', 'U')");
        }
        String meeting = http.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON)
                .headers(creatorUser::authorize)
                .bodyValue(Map.of("displayName", "Board meeting"))
                .exchange().expectStatus().isCreated()
                .expectBody().returnResult().getResponseHeaders().getLocation().getPath().replace("/api/v1/meetings/", "");
        String events = Sql.one(db, "SELECT count(*) FROM event_store.domain_event_entry");

        http.post().uri("/api/v1/meetings/{id}/end", meeting)
                .headers(intruderUser::authorize)
                .header(RequestContext.REQUEST_ID_HEADER, "req-intruder-1")
                .header("User-Agent", "intruder/1.0")
                .exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN").jsonPath("$.reason").isEqualTo("NOT_ALLOWED");
        assertThat(Sql.one(db, "SELECT count(*) FROM event_store.domain_event_entry")).as("a refusal appends no event")
                .isEqualTo(events);

        String select = "SELECT event_type, actor_user_id, actor_type, target_type, target_id, action, result, error_message,"
                + " host(ip_address) AS ip, user_agent, metadata::text AS metadata FROM audit_logs WHERE target_id = '"
                + meeting + "' AND result = 'failure'";
        await().atMost(Duration.ofSeconds(30)).until(() -> !Sql.rows(db, select).isEmpty());
        List<Map<String, Object>> rows = Sql.rows(db, select);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("event_type", "command_refused")
                .containsEntry("actor_user_id", intruder)
                .containsEntry("actor_type", "user")
                .containsEntry("target_type", "meeting")
                .containsEntry("action", "meeting.end")
                .containsEntry("error_message", "NOT_ALLOWED: only the meeting's creator or an admin may end it")
                .containsEntry("ip", "127.0.0.1")
                .containsEntry("user_agent", "intruder/1.0");
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = EventJson.mapper().readValue(rows.get(0).get("metadata").toString(), Map.class);
        assertThat(metadata.get("correlationId")).isEqualTo("req-intruder-1");
        @SuppressWarnings("unchecked")
        Map<String, Object> payload = (Map<String, Object>) metadata.get("payload");
        assertThat(payload).containsEntry("command", "EndMeeting")
                .containsEntry("code", "FORBIDDEN");

        // the creator may end it: no refusal, no failure row
        http.post().uri("/api/v1/meetings/{id}/end", meeting).headers(creatorUser::authorize)
                .exchange().expectStatus().isOk();
        assertThat(Sql.rows(db, select)).hasSize(1);
    }

    @Test
    void fiveWrongPasswordsLockTheAccountAndTheRefusalIsAudited() throws Exception {
        WebTestClient http = ApiCallers.client(port);
        ApiCallers.TestUser user = ApiCallers.signUp(http, "Forgetful");
        Sql.execute(db, "INSERT INTO users (user_id, email, display_name) VALUES ('" + user.userId() + "', 'u-" + user.userId()
                + "@example.com', 'U')");
        Map<String, String> wrong = Map.of("grant_type", "password", "username", user.email(), "password", "not the password");
        for (int i = 0; i < 5; i++) {
            ApiCallers.token(http, wrong).expectStatus().isUnauthorized()
                    .expectBody().jsonPath("$.reason").isEqualTo("INVALID_CREDENTIALS");
        }
        String events = Sql.one(db, "SELECT count(*) FROM event_store.domain_event_entry");

        // locked: even the right password is refused, with nothing appended, and the refusal is on the trail
        ApiCallers.token(http, Map.of("grant_type", "password", "username", user.email(), "password", ApiCallers.PASSWORD))
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN").jsonPath("$.reason").isEqualTo("ACCOUNT_LOCKED")
                .jsonPath("$.access_token").doesNotExist();
        assertThat(Sql.one(db, "SELECT count(*) FROM event_store.domain_event_entry")).isEqualTo(events);
        String select = "SELECT error_message FROM audit_logs WHERE target_id = '" + user.userId() + "' AND result = 'failure'";
        await().atMost(Duration.ofSeconds(30)).until(() -> !Sql.rows(db, select).isEmpty());
        assertThat(Sql.one(db, select)).startsWith("ACCOUNT_LOCKED");
        // the earlier token still works: the lock is on signing in, not on sessions already open
        http.get().uri("/api/v1/users/{id}", user.userId()).headers(user::authorize).exchange().expectStatus().isOk();
    }
}
