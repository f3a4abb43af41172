package io.darktower.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.darktower.devstack.Sql;
import io.darktower.events.EventJson;
import io.darktower.gateway.ApiCallers;
import io.darktower.platform.audit.AuditCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Audit reconstruction on the running platform: a meeting driven through the real API (create, two join, one
 * publishes, one leaves, the host ends it), then its history rebuilt from the event store, step by step, with who did
 * each step from where and the state after it; the same as NDJSON; the state as of a point; a user's history; only
 * for administrators; an API key's history with what was done with it; and exported through the CLI into a hash chain that verifies offline and shows a changed byte.
 */
class AuditReconstructionEndToEndTest {

    private static RunningPlatform running;
    private static WebTestClient host;
    private static WebTestClient bob;
    private static WebTestClient admin;
    private static WebTestClient anonymous;
    private static UUID bobId;
    private static UUID meeting;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        running = RunningPlatform.start("platform_audit");
        int port = running.platform.httpPort();
        anonymous = ApiCallers.client(port).mutate().responseTimeout(Duration.ofSeconds(30)).build();
        host = ApiCallers.client(port, running.user.accessToken()).mutate().responseTimeout(Duration.ofSeconds(30))
                .defaultHeader("User-Agent", "audit-host/1.0").build();
        ApiCallers.TestUser bobUser = ApiCallers.signUp(anonymous, "Bob");
        bobId = bobUser.userId();
        bob = ApiCallers.client(port, bobUser.accessToken()).mutate().responseTimeout(Duration.ofSeconds(30))
                .defaultHeader("User-Agent", "audit-bob/1.0").build();
        admin = ApiCallers.client(port, ApiCallers.admin(anonymous).accessToken()).mutate()
                .responseTimeout(Duration.ofSeconds(30)).build();
        meeting = driveAMeeting();
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    /** The commands, in order; the history must show exactly these. */
    private static UUID driveAMeeting() {
        Map<?, ?> created = host.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON)
                .header("X-Request-Id", "audit-create")
                .bodyValue(Map.of("displayName", "Audit Standup", "maxParticipants", 5))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        UUID id = UUID.fromString((String) created.get("meetingId"));
        UUID alice = join(host, id, "Alice");
        UUID bobParticipant = join(bob, id, "Bob");
        host.post().uri("/api/v1/meetings/{m}/participants/{p}/streams", id, alice).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("streamType", "video_camera", "codec", "VP8", "maxBitrate", 1_000_000))
                .exchange().expectStatus().isCreated();
        bob.delete().uri("/api/v1/meetings/{m}/participants/{p}", id, bobParticipant).exchange().expectStatus().isNoContent();
        host.post().uri("/api/v1/meetings/{m}/end", id).exchange().expectStatus().is2xxSuccessful();
        return id;
    }

    private static UUID join(WebTestClient client, UUID id, String name) {
        Map<?, ?> joined = client.post().uri("/api/v1/meetings/{id}/participants", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", name)).exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        return UUID.fromString((String) joined.get("participantId"));
    }

    @Test
    void theHistoryIsTheSequenceOfCommandsStepByStepWithActorsAndStates() throws Exception {
        JsonNode history = json(admin.get().uri("/api/v1/audit/meetings/{id}", meeting).exchange()
                .expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON));
        String hostId = running.user.userId().toString();
        String bobUser = bobId.toString();
        assertThat(history.get("subject").asText()).isEqualTo("meeting");
        assertThat(history.get("count").asInt()).isEqualTo(9);
        List<String> rows = new ArrayList<>();
        for (JsonNode step : history.get("steps")) {
            JsonNode state = step.get("state");
            List<String> present = new ArrayList<>();
            state.get("participants").forEach(p -> present.add(p.get("displayName").asText()));
            rows.add(step.get("sequence").asInt() + " " + step.get("eventType").asText() + " by "
                    + (hostId.equals(step.at("/actor/userId").asText()) ? "host" : bobUser.equals(step.at("/actor/userId").asText()) ? "bob" : "?")
                    + " " + step.at("/actor/type").asText() + " " + step.at("/actor/userAgent").asText()
                    + " -> " + state.get("status").asText() + " " + present + " streams=" + state.get("streams").size());
        }
        assertThat(rows).containsExactly(
                "0 MeetingCreated by host user audit-host/1.0 -> scheduled [] streams=0",
                "1 MeetingStarted by host user audit-host/1.0 -> active [] streams=0",
                "2 ParticipantJoined by host user audit-host/1.0 -> active [Alice] streams=0",
                "3 ParticipantJoined by bob user audit-bob/1.0 -> active [Alice, Bob] streams=0",
                "4 StreamPublished by host user audit-host/1.0 -> active [Alice, Bob] streams=1",
                "5 ParticipantLeft by bob user audit-bob/1.0 -> active [Alice] streams=1",
                "6 StreamUnpublished by host user audit-host/1.0 -> active [Alice] streams=0",
                "7 ParticipantLeft by host user audit-host/1.0 -> active [] streams=0",
                "8 MeetingEnded by host user audit-host/1.0 -> ended [] streams=0");
        JsonNode first = history.get("steps").get(0);
        assertThat(first.at("/actor/correlationId").asText()).isEqualTo("audit-create");
        assertThat(first.at("/actor/clientIp").asText()).isEqualTo("127.0.0.1");
        assertThat(first.at("/state/displayName").asText()).isEqualTo("Audit Standup");
        assertThat(first.at("/state/maxParticipants").asInt()).isEqualTo(5);
        assertThat(first.at("/event/meetingId").asText()).isEqualTo(meeting.toString());
        assertThat(history.get("steps").get(8).at("/state/endReason").asText()).isEqualTo("ended_by_host");
        assertThat(history.get("steps").get(4).at("/state/streams/0/codec").asText()).isEqualTo("VP8");

        // the positions are the event store's own, in order
        List<Map<String, Object>> stored = Sql.rows(running.db, "SELECT global_index FROM event_store.domain_event_entry"
                + " WHERE aggregate_identifier = '" + meeting + "' ORDER BY sequence_number");
        List<Long> positions = new ArrayList<>();
        history.get("steps").forEach(s -> positions.add(s.get("position").asLong()));
        assertThat(positions).containsExactlyElementsOf(stored.stream().map(r -> ((Number) r.get("global_index")).longValue()).toList());
    }

    @Test
    void ndjsonIsTheSameStepsOnePerLine() {
        JsonNode history = json(admin.get().uri("/api/v1/audit/meetings/{id}", meeting).exchange().expectStatus().isOk());
        String ndjson = admin.get().uri("/api/v1/audit/meetings/{id}", meeting).accept(MediaType.APPLICATION_NDJSON)
                .exchange().expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_NDJSON)
                .expectBody(String.class).returnResult().getResponseBody();
        String[] lines = ndjson.split("\n");
        assertThat(lines).hasSize(9);
        for (int i = 0; i < lines.length; i++) {
            assertThat(parse(lines[i])).isEqualTo(history.get("steps").get(i));
        }
    }

    @Test
    void theStateAsOfAPointIsTheLastStepWithinIt() {
        JsonNode steps = json(admin.get().uri("/api/v1/audit/meetings/{id}", meeting).exchange().expectStatus().isOk()).get("steps");
        long published = steps.get(4).get("position").asLong();
        JsonNode upToPublish = json(admin.get().uri("/api/v1/audit/meetings/{id}?position={p}", meeting, published)
                .exchange().expectStatus().isOk());
        assertThat(upToPublish.get("count").asInt()).isEqualTo(5);

        JsonNode asOf = json(admin.get().uri("/api/v1/audit/meetings/{id}/state?position={p}", meeting, published)
                .exchange().expectStatus().isOk());
        assertThat(asOf.at("/asOf/eventType").asText()).isEqualTo("StreamPublished");
        assertThat(asOf.get("state")).isEqualTo(steps.get(4).get("state"));

        String bobLeft = steps.get(5).get("time").asText();
        JsonNode atTime = json(admin.get().uri(b -> b.path("/api/v1/audit/meetings/{id}/state").queryParam("at", bobLeft)
                .build(meeting)).exchange().expectStatus().isOk());
        assertThat(atTime.at("/state/participants").size()).isEqualTo(1);
        assertThat(atTime.at("/state/participants/0/displayName").asText()).isEqualTo("Alice");

        admin.get().uri("/api/v1/audit/meetings/{id}/state?until=1970-01-01T00:00:00Z", meeting).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND")
                .jsonPath("$.reason").isEqualTo("NO_EVENTS");
        admin.get().uri("/api/v1/audit/meetings/{id}?until=yesterday", meeting).exchange().expectStatus().isBadRequest();
    }

    @Test
    void aUsersHistoryHoldsTheirOwnEventsAndTheMeetingStepsTheyTookPart() {
        JsonNode history = json(admin.get().uri("/api/v1/audit/users/{id}", bobId).exchange().expectStatus().isOk());
        List<String> types = new ArrayList<>();
        history.get("steps").forEach(s -> types.add(s.get("aggregateType").asText() + ":" + s.get("eventType").asText()));
        assertThat(types).startsWith("user:UserRegistered").contains("meeting:ParticipantJoined", "meeting:ParticipantLeft");
        assertThat(types).doesNotContain("meeting:MeetingCreated", "meeting:StreamPublished");
        JsonNode last = history.get("steps").get(history.get("count").asInt() - 1);
        assertThat(last.at("/state/displayName").asText()).isEqualTo("Bob");
        assertThat(last.at("/state/active").asBoolean()).isTrue();
        assertThat(history.get("steps").get(0).at("/event/passwordHash").asText()).as("no sealed secret in an audit")
                .isEqualTo("[sealed]");
    }

    @Test
    void anApiKeysHistoryHoldsWhatWasDoneWithIt() {
        ApiCallers.TestUser carol = ApiCallers.signUp(anonymous, "Carol");
        WebTestClient asCarol = ApiCallers.client(running.platform.httpPort(), carol.accessToken()).mutate()
                .responseTimeout(Duration.ofSeconds(30)).build();
        JsonNode issued = json(asCarol.post().uri("/api/v1/users/{id}/api-keys", carol.userId())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "ci", "scopes", List.of("meetings:read", "meetings:create")))
                .exchange().expectStatus().isCreated());
        String keyId = issued.get("keyId").asText();
        WebTestClient withKey = anonymous.mutate().defaultHeader("Authorization", "Bearer " + issued.get("secret").asText())
                .defaultHeader("User-Agent", "audit-ci/1.0").build();
        await().atMost(Duration.ofSeconds(30)).until(() -> withKey.get().uri("/api/v1/api-keys/self").exchange()
                .returnResult(String.class).getStatus().value() == 200);
        String byKey = (String) withKey.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", "Nightly", "maxParticipants", 3))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("meetingId");
        // a token got with the key through the client-credentials grant acts as the key too (its sid is the key id)
        String keyToken = ApiCallers.json(ApiCallers.token(anonymous, Map.of("grant_type", "client_credentials",
                "client_id", keyId, "client_secret", issued.get("secret").asText())).expectStatus().isOk())
                .get("access_token").asText();
        String byToken = (String) anonymous.post().uri("/api/v1/meetings").headers(h -> h.setBearerAuth(keyToken))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("displayName", "Nightly 2", "maxParticipants", 3))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("meetingId");
        // the same user without the key, and another user: neither is the key's doing
        asCarol.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", "By hand", "maxParticipants", 3)).exchange().expectStatus().isCreated();

        JsonNode history = json(admin.get().uri("/api/v1/audit/api-keys/{id}", keyId).exchange().expectStatus().isOk());
        List<String> rows = new ArrayList<>();
        history.get("steps").forEach(s -> rows.add(s.get("aggregateType").asText() + ":" + s.get("eventType").asText()
                + " " + s.at("/actor/type").asText() + " " + s.at("/actor/apiKeyId").asText("-")
                + (carol.userId().toString().equals(s.at("/actor/userId").asText()) ? " carol" : " ?")));
        assertThat(rows).containsExactly("api_key:ApiKeyIssued user - carol", "meeting:MeetingCreated api " + keyId + " carol",
                "meeting:MeetingCreated api " + keyId + " carol");
        JsonNode created = history.get("steps").get(1);
        assertThat(created.get("aggregateId").asText()).isEqualTo(byKey);
        assertThat(history.get("steps").get(2).get("aggregateId").asText()).isEqualTo(byToken);
        assertThat(created.at("/actor/userAgent").asText()).isEqualTo("audit-ci/1.0");
        assertThat(history.get("steps").get(0).at("/event/keyHash").asText()).isEqualTo("[sealed]");
        // the key's own state is not changed by what was done with it
        assertThat(created.get("state")).isEqualTo(history.get("steps").get(0).get("state"));
        assertThat(history.get("steps").get(0).get("position").asLong()).isLessThan(created.get("position").asLong());
    }

    @Test
    void onlyAdministratorsSeeIt() {
        host.get().uri("/api/v1/audit/meetings/{id}", meeting).exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
        bob.get().uri("/api/v1/audit/users/{id}", bobId).exchange().expectStatus().isForbidden();
        admin.get().uri("/api/v1/audit/meetings/{id}", UUID.randomUUID()).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND").jsonPath("$.reason").isEqualTo("NO_EVENTS");
        admin.get().uri("/api/v1/audit/users/{id}", meeting).exchange().expectStatus().isNotFound();
        admin.get().uri("/api/v1/audit/api-keys/not-a-uuid").exchange().expectStatus().isBadRequest();
    }

    @Test
    void theCliExportVerifiesOfflineAndAChangedByteOrATruncationIsFound() throws Exception {
        Path export = dir.resolve("meeting.ndjson");
        Path key = Files.write(dir.resolve("audit.key"), "an export signing secret of 32+ bytes".getBytes(StandardCharsets.US_ASCII));
        Cli exported = cli("export", "--meeting", meeting.toString(), "--out", export.toString(), "--key", key.toString(),
                "--jdbc-url", running.db.jdbcUrl(), "--db-user", running.db.databaseUser(),
                "--db-password", running.db.databasePassword());
        assertThat(exported.status()).as(exported.toString()).isZero();
        assertThat(exported.out()).contains("exported 9 steps of meeting " + meeting);

        Cli verified = cli("verify", export.toString(), "--key", key.toString());
        assertThat(verified.status()).as(verified.toString()).isZero();
        assertThat(verified.out()).contains("valid: 9 steps, signature valid");

        // the export's steps are the HTTP answer's
        List<String> lines = Files.readAllLines(export);
        JsonNode steps = json(admin.get().uri("/api/v1/audit/meetings/{id}", meeting).exchange().expectStatus().isOk()).get("steps");
        assertThat(parse(lines.get(0)).get("count").asInt()).isEqualTo(9);
        assertThat(parse(lines.get(4)).get("step")).isEqualTo(steps.get(3));

        byte[] bytes = Files.readAllBytes(export);
        int inStepFour = new String(bytes, StandardCharsets.UTF_8).indexOf("audit-bob/1.0");
        bytes[inStepFour] = (byte) 'A';
        Path tampered = Files.write(dir.resolve("tampered.ndjson"), bytes);
        Cli changed = cli("verify", tampered.toString());
        assertThat(changed.status()).isEqualTo(1);
        assertThat(changed.out()).contains("NOT VALID: line 5");

        byte[] whole = Files.readAllBytes(export);
        Path truncated = Files.write(dir.resolve("truncated.ndjson"), java.util.Arrays.copyOf(whole, whole.length - 40));
        Cli cut = cli("verify", truncated.toString());
        assertThat(cut.status()).isEqualTo(1);
        assertThat(cut.out()).contains("NOT VALID: line 10").contains("truncated");

        assertThat(cli("export", "--meeting", UUID.randomUUID().toString(), "--out", dir.resolve("none").toString(),
                "--jdbc-url", running.db.jdbcUrl(), "--db-user", running.db.databaseUser(),
                "--db-password", running.db.databasePassword()).status()).isEqualTo(1);
        assertThat(cli("export").status()).isEqualTo(2);
    }

    private record Cli(int status, String out, String err) {
    }

    private static Cli cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = AuditCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Cli(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static JsonNode json(WebTestClient.ResponseSpec response) {
        return parse(response.expectBody(String.class).returnResult().getResponseBody());
    }

    private static JsonNode parse(String text) {
        try {
            return EventJson.mapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
