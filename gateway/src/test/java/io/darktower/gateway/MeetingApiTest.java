package io.darktower.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.darktower.commands.meeting.CreateMeeting;
import io.darktower.commands.Rejected;
import io.darktower.commands.meeting.MeetingRejection;
import io.darktower.devstack.Databases;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.darktower.devstack.Sql;
import io.darktower.crypto.PersonalData;
import io.darktower.events.EventJson;
import io.darktower.events.meeting.MeetingSettings;
import io.darktower.projections.runtime.ReadModelSchema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The meeting API over real HTTP, on the real event store: what it answers, and that a refused request
 * writes nothing. The read side is not running here: {@code platform}'s end-to-end test covers it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MeetingApiTest {

    private static Endpoints db;

    @LocalServerPort
    int port;

    @Autowired
    CommandGateway commands;

    private WebTestClient http;
    private static ApiCallers.TestUser host;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        db = Databases.create(SharedTestStack.endpoints(), "gateway_api_test");
        ReadModelSchema.migrate(db.jdbcUrl(), db.databaseUser(), db.databasePassword());
        GatewayInfrastructure.register(registry, db, null);
    }

    @BeforeEach
    void client() {
        synchronized (MeetingApiTest.class) {
            if (host == null) {
                host = ApiCallers.signUp(ApiCallers.client(port), "Host");
            }
        }
        http = ApiCallers.client(port, host.accessToken());
    }

    private String create(int capacity) {
        return http.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", "Standup", "maxParticipants", capacity))
                .exchange()
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.meetingCode").value(code -> assertThat((String) code).matches("[a-z]{3}-[a-z]{4}-[a-z]{3}"))
                .jsonPath("$.status").isEqualTo("scheduled")
                .returnResult().getResponseHeaders().getLocation().getPath().replace("/api/v1/meetings/", "");
    }

    private String join(String meeting, String name) {
        byte[] body = http.post().uri("/api/v1/meetings/{id}/participants", meeting).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", name))
                .exchange()
                .expectStatus().isCreated()
                .expectBody().returnResult().getResponseBody();
        return new String(body).replaceAll(".*\"participantId\":\"([^\"]+)\".*", "$1");
    }

    private WebTestClient.BodyContentSpec expectProblem(WebTestClient.ResponseSpec response, int status, String code) {
        return response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists("X-Request-Id")
                .expectBody()
                .jsonPath("$.code").isEqualTo(code)
                .jsonPath("$.status").isEqualTo(status)
                .jsonPath("$.trace").doesNotExist();
    }

    @Test
    void createsAMeetingAndStoresItsEventWithTheRequestsMetadata() throws Exception {
        String meeting = http.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON)
                .header("X-Request-Id", "req-create-1").header("User-Agent", "api-test/1")
                .bodyValue(Map.of("displayName", "Planning", "settings", Map.of("allowRecording", true)))
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().valueEquals("X-Request-Id", "req-create-1")
                .expectBody()
                .jsonPath("$.maxParticipants").isEqualTo(100)
                .jsonPath("$.settings.allowRecording").isEqualTo(true)
                .jsonPath("$.settings.e2eEncryption").isEqualTo(true)
                .returnResult().getResponseHeaders().getLocation().getPath().replace("/api/v1/meetings/", "");

        assertThat(Sql.one(db, "SELECT payload_type FROM event_store.domain_event_entry WHERE aggregate_identifier = '" + meeting + "'"))
                .isEqualTo("io.darktower.events.meeting.MeetingCreated");
        String metadata = Sql.one(db, "SELECT meta_data FROM event_store.domain_event_entry WHERE aggregate_identifier = '" + meeting + "'");
        assertThat(metadata).contains("\"correlationId\":\"req-create-1\"", "\"actorType\":\"user\"", "\"causationId\"")
                .doesNotContain("api-test/1", "127.0.0.1", "actorApiKeyId"); // address and agent sealed; no API key
        Map<String, Object> opened = PersonalData.openMetadata(EventJson.mapper().readValue(metadata, Map.class));
        assertThat(opened).containsEntry("userAgent", "api-test/1").containsEntry("clientIp", "127.0.0.1");
        assertThat(Sql.one(db, "SELECT owner_id FROM event_store.unique_claims WHERE scope = 'meeting_code' AND owner_id = '" + meeting + "'")).isEqualTo(meeting);
    }

    @Test
    void malformedOrInvalidInputIsRefusedWithInvalidRequestAndWritesNothing() throws Exception {
        long before = events();
        expectProblem(http.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"displayName\":")
                .exchange(), 400, "INVALID_REQUEST").jsonPath("$.detail").isEqualTo("malformed JSON body");
        // a header naming a user is no credential: without a token the caller is refused
        expectProblem(ApiCallers.client(port).post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON)
                .header("X-User-Id", host.userId().toString()).bodyValue(Map.of("displayName", "x")).exchange(),
                401, "UNAUTHORIZED").jsonPath("$.reason").isEqualTo("CALLER_REQUIRED");
        expectProblem(http.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("displayName", " "))
                .exchange(), 400, "INVALID_REQUEST").jsonPath("$.fields.displayName").isEqualTo("must not be blank");
        // what no read store could hold is refused at the edge, naming the field: NUL, control characters, far dates
        expectProblem(http.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"displayName\":\"a\\u0000b\"}").exchange(), 400, "INVALID_REQUEST")
                .jsonPath("$.fields.displayName").isEqualTo("must not contain control characters (found U+0000)");
        expectProblem(http.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"displayName\":\"tab\\there\"}").exchange(), 400, "INVALID_REQUEST")
                .jsonPath("$.fields.displayName").exists();
        expectProblem(http.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"displayName\":\"x\",\"scheduledStartTime\":\"+300000-01-01T00:00:00Z\"}").exchange(),
                400, "INVALID_REQUEST").jsonPath("$.fields.scheduledStartTime").exists();
        expectProblem(http.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"displayName\":\"x\",\"scheduledStartTime\":\"-4000-01-01T00:00:00Z\"}").exchange(),
                400, "INVALID_REQUEST").jsonPath("$.fields.scheduledStartTime").exists();
        expectProblem(http.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", "x", "maxParticipants", 0)).exchange(), 400, "INVALID_REQUEST");
        expectProblem(http.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", "x".repeat(256))).exchange(), 400, "INVALID_REQUEST")
                .jsonPath("$.fields.displayName").isEqualTo("is longer than 255 characters");
        expectProblem(http.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", "x", "maxParticipants", "many")).exchange(), 400, "INVALID_REQUEST");
        expectProblem(http.post().uri("/api/v1/meetings").contentType(MediaType.TEXT_PLAIN).bodyValue("hello")
                .exchange(), 415, "INVALID_REQUEST");
        expectProblem(http.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON).exchange(), 400, "INVALID_REQUEST");
        expectProblem(http.get().uri("/api/v1/meetings/not-a-uuid").exchange(), 400, "INVALID_REQUEST");
        String meeting = create(5);
        long afterCreate = events();
        expectProblem(http.post().uri("/api/v1/meetings/{id}/participants", meeting).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("clientVersion", "1.0")).exchange(), 400, "INVALID_REQUEST");
        expectProblem(http.post().uri("/api/v1/meetings/{id}/participants", meeting).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"displayName\":\"Eve\",\"clientVersion\":\"1.0\\u0000\"}").exchange(), 400, "INVALID_REQUEST")
                .jsonPath("$.fields.clientVersion").exists();
        expectProblem(http.post().uri("/api/v1/meetings/{id}/participants", meeting).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", "Eve", "clientVersion", "v".repeat(51))).exchange(), 400, "INVALID_REQUEST")
                .jsonPath("$.fields.clientVersion").exists();
        expectProblem(http.delete().uri("/api/v1/meetings/{id}/participants/nope", meeting).exchange(), 400, "INVALID_REQUEST");

        assertThat(afterCreate).isEqualTo(before + 1);
        assertThat(events()).isEqualTo(afterCreate);
    }

    @Test
    void aWrongMethodOrMediaTypeIsAnInvalidRequestWithItsHttpStatus() {
        expectProblem(http.put().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange(), 405, "INVALID_REQUEST");
        expectProblem(http.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_XML).bodyValue("<m/>")
                .exchange(), 415, "INVALID_REQUEST");
    }

    @Test
    void unknownMeetingsAnswerNotFound() {
        String unknown = UUID.randomUUID().toString();
        expectProblem(http.get().uri("/api/v1/meetings/{id}", unknown).exchange(), 404, "NOT_FOUND");
        expectProblem(http.post().uri("/api/v1/meetings/{id}/participants", unknown).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", "Alice")).exchange(), 404, "NOT_FOUND");
        expectProblem(http.post().uri("/api/v1/meetings/{id}/end", unknown).exchange(), 404, "NOT_FOUND");
        expectProblem(http.delete().uri("/api/v1/meetings/{id}/participants/{p}", unknown, UUID.randomUUID()).exchange(),
                404, "NOT_FOUND");
    }

    @Test
    void aTakenMeetingCodeFailsTheCreationAndLeavesNoEvent() throws Exception {
        String code = Sql.one(db, "SELECT claimed_value FROM event_store.unique_claims WHERE scope = 'meeting_code' AND owner_id = '" + create(3) + "'");
        UUID second = UUID.randomUUID();

        assertThat(catchThrowable(() -> commands.sendAndWait(new CreateMeeting(second, code, "Second", 3,
                MeetingSettings.DEFAULTS, null, null, Instant.now()))))
                .isInstanceOfSatisfying(Rejected.class, rejected ->
                        assertThat(rejected.reason()).isEqualTo(MeetingRejection.MEETING_CODE_TAKEN));
        assertThat(events(second.toString())).as("the event was rolled back with the code").isZero();
        assertThat(Sql.one(db, "SELECT count(*) FROM event_store.unique_claims WHERE owner_id = '" + second + "'")).isEqualTo("0");
    }

    @Test
    void aLargeMeetingIsSnapshottedAndStillDecidesFromItsWholeHistory() throws Exception {
        String meeting = create(150);
        List<String> participants = new java.util.ArrayList<>();
        for (int i = 0; i < 150; i++) {
            participants.add(join(meeting, "P" + i));
        }
        assertThat(Long.parseLong(Sql.one(db, "SELECT count(*) FROM event_store.snapshot_event_entry WHERE aggregate_identifier = '"
                + meeting + "'"))).as("a snapshot was taken").isPositive();

        // decisions after the snapshot still see every participant
        expectProblem(http.post().uri("/api/v1/meetings/{id}/participants", meeting).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", "One too many")).exchange(), 409, "CONFLICT")
                .jsonPath("$.reason").isEqualTo("MEETING_FULL");
        http.delete().uri("/api/v1/meetings/{id}/participants/{p}", meeting, participants.get(0)).exchange()
                .expectStatus().isNoContent();
        join(meeting, "Late but in time");
        http.post().uri("/api/v1/meetings/{id}/end", meeting).exchange().expectStatus().isOk();
        assertThat(Sql.one(db, "SELECT count(*) FROM event_store.domain_event_entry WHERE aggregate_identifier = '" + meeting
                + "' AND payload_type LIKE '%ParticipantLeft'")).isEqualTo("151");
    }

    @Test
    void aFullMeetingRefusesTheNextJoinWithConflictAndWritesNothing() throws Exception {
        String meeting = create(2);
        join(meeting, "Alice");
        join(meeting, "Bob");
        long before = events(meeting);

        expectProblem(http.post().uri("/api/v1/meetings/{id}/participants", meeting).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", "Carol")).exchange(), 409, "CONFLICT")
                .jsonPath("$.reason").isEqualTo("MEETING_FULL");
        assertThat(events(meeting)).isEqualTo(before);
    }

    @Test
    void anEndedMeetingRefusesJoinsAndItsParticipantsHaveLeft() throws Exception {
        String meeting = create(5);
        String alice = join(meeting, "Alice");
        http.post().uri("/api/v1/meetings/{id}/end", meeting).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("ended");
        long before = events(meeting);

        expectProblem(http.post().uri("/api/v1/meetings/{id}/participants", meeting).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", "Late")).exchange(), 409, "CONFLICT")
                .jsonPath("$.reason").isEqualTo("MEETING_ENDED");
        http.post().uri("/api/v1/meetings/{id}/end", meeting).exchange().expectStatus().isOk(); // ending twice: no-op
        http.delete().uri("/api/v1/meetings/{id}/participants/{p}", meeting, alice).exchange().expectStatus().isNoContent();
        assertThat(events(meeting)).isEqualTo(before);
        assertThat(Sql.one(db, "SELECT string_agg(payload_type, ',' ORDER BY sequence_number) FROM event_store.domain_event_entry"
                + " WHERE aggregate_identifier = '" + meeting + "'").replace("io.darktower.events.meeting.", ""))
                .isEqualTo("MeetingCreated,MeetingStarted,ParticipantJoined,ParticipantLeft,MeetingEnded");
    }

    @Test
    void leavingIsIdempotentButOnlyForParticipants() throws Exception {
        String meeting = create(5);
        String alice = join(meeting, "Alice");
        join(meeting, "Bob");
        http.delete().uri("/api/v1/meetings/{id}/participants/{p}", meeting, alice).exchange().expectStatus().isNoContent();
        long afterLeave = events(meeting);
        http.delete().uri("/api/v1/meetings/{id}/participants/{p}", meeting, alice).exchange().expectStatus().isNoContent();
        assertThat(events(meeting)).isEqualTo(afterLeave);
        expectProblem(http.delete().uri("/api/v1/meetings/{id}/participants/{p}", meeting, UUID.randomUUID()).exchange(),
                404, "NOT_FOUND").jsonPath("$.reason").isEqualTo("NOT_A_PARTICIPANT");
    }

    @Test
    void aRetriedCreateWithTheSameIdempotencyKeyAnswersTheSameAndCreatesOneMeeting() throws Exception {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("displayName", "Retry me", "maxParticipants", 7);
        Map<?, ?> first = http.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", key).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        Map<?, ?> retry = http.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", key).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();

        assertThat(retry).isEqualTo(first);
        assertThat(events((String) first.get("meetingId"))).isEqualTo(1);
        expectProblem(http.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", key).bodyValue(Map.of("displayName", "Something else")).exchange(),
                409, "CONFLICT").jsonPath("$.reason").isEqualTo("IDEMPOTENCY_KEY_REUSED");
        expectProblem(http.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", "has space").bodyValue(body).exchange(), 400, "INVALID_REQUEST");
    }

    @Test
    void concurrentCreatesWithOneIdempotencyKeyMakeOneMeeting() throws Exception {
        String key = UUID.randomUUID().toString();
        List<String> ids = reactor.core.publisher.Flux.range(0, 6)
                .flatMap(i -> WebClientHolder.client(port).post().uri("/api/v1/meetings")
                        .headers(h -> h.setBearerAuth(host.accessToken()))
                        .contentType(MediaType.APPLICATION_JSON).header("Idempotency-Key", key)
                        .bodyValue(Map.of("displayName", "Race")).retrieve().bodyToMono(Map.class)
                        .map(m -> (String) m.get("meetingId")))
                .collectList().block(java.time.Duration.ofSeconds(30));
        assertThat(ids).hasSize(6).containsOnly(ids.get(0));
        assertThat(events(ids.get(0))).isEqualTo(1);
    }

    @Test
    void aRetriedJoinWithTheSameIdempotencyKeyIsTheSameParticipant() throws Exception {
        String meeting = create(3);
        String key = UUID.randomUUID().toString();
        Map<?, ?> first = http.post().uri("/api/v1/meetings/{id}/participants", meeting).contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", key).bodyValue(Map.of("displayName", "Alice")).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        long afterFirst = events(meeting);
        Map<?, ?> retry = http.post().uri("/api/v1/meetings/{id}/participants", meeting).contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", key).bodyValue(Map.of("displayName", "Alice")).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();

        // the same participant; only the tokens are new (the first answer, and its tokens, may be lost): a fresh join
        // token for it, and a fresh one-time connection token
        assertThat((String) retry.get("joinToken")).isNotBlank();
        assertThat(retry.get("wtToken")).isNotEqualTo(first.get("wtToken"));
        assertThat(retry).usingRecursiveComparison().ignoringFields("joinToken", "wtToken").isEqualTo(first);
        assertThat(events(meeting)).isEqualTo(afterFirst);
    }

    /** A plain WebClient for concurrent requests. */
    static final class WebClientHolder {
        static org.springframework.web.reactive.function.client.WebClient client(int port) {
            return org.springframework.web.reactive.function.client.WebClient.create("http://localhost:" + port);
        }
    }

    private static long events() throws Exception {
        return Long.parseLong(Sql.one(db, "SELECT count(*) FROM event_store.domain_event_entry"));
    }

    private static long events(String meeting) throws Exception {
        return Long.parseLong(Sql.one(db, "SELECT count(*) FROM event_store.domain_event_entry WHERE aggregate_identifier = '" + meeting + "'"));
    }

}
