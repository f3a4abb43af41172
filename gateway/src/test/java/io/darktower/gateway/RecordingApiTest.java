package io.darktower.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darktower.commands.recording.ShareTokens;
import io.darktower.devstack.Databases;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.darktower.devstack.Sql;
import io.darktower.projections.runtime.ReadModelSchema;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The recording API over real HTTP, on the real event store, with the real Meeting deciding whether a recording may
 * start, and the process that stops a meeting's recordings when it ends running as it does in the platform. The read
 * side is not running here: {@code platform}'s {@code RecordingEndToEndTest} covers the reads.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RecordingApiTest {

    private static Endpoints db;

    @LocalServerPort
    int port;

    private WebTestClient http;
    private static ApiCallers.TestUser host;
    private static ApiCallers.TestUser stranger;
    private static String service;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        db = Databases.create(SharedTestStack.endpoints(), "recording_api_test");
        ReadModelSchema.migrate(db.jdbcUrl(), db.databaseUser(), db.databasePassword());
        GatewayInfrastructure.register(registry, db, null);
    }

    @BeforeEach
    void client() {
        synchronized (RecordingApiTest.class) {
            if (host == null) {
                WebTestClient anonymous = ApiCallers.client(port);
                host = ApiCallers.signUp(anonymous, "Host");
                stranger = ApiCallers.signUp(anonymous, "Stranger");
                service = ApiCallers.serviceToken(anonymous);
            }
        }
        http = ApiCallers.client(port, host.accessToken());
    }

    /** A meeting created by {@code host}, active once the host joined unless {@code join} is false. */
    private String meeting(ApiCallers.TestUser host, boolean allowRecording, boolean join) {
        String meeting = http.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON)
                .headers(host::authorize)
                .bodyValue(Map.of("displayName", "Recorded", "settings", Map.of("allowRecording", allowRecording)))
                .exchange().expectStatus().isCreated()
                .returnResult(Void.class).getResponseHeaders().getLocation().getPath().replace("/api/v1/meetings/", "");
        if (join) {
            http.post().uri("/api/v1/meetings/{id}/participants", meeting).contentType(MediaType.APPLICATION_JSON)
                    .headers(host::authorize).bodyValue(Map.of("displayName", "Host"))
                    .exchange().expectStatus().isCreated();
        }
        return meeting;
    }

    private WebTestClient.ResponseSpec start(String meeting, ApiCallers.TestUser user) {
        return http.post().uri("/api/v1/meetings/{id}/recordings", meeting).headers(user::authorize).exchange();
    }

    private String started(String meeting, ApiCallers.TestUser user) {
        return start(meeting, user).expectStatus().isCreated()
                .returnResult(Void.class).getResponseHeaders().getLocation().getPath().replace("/api/v1/recordings/", "");
    }

    /** A step of the recording's life: stopping by the host, the rest as the recorder (a service client) sends them. */
    private WebTestClient.ResponseSpec post(String recording, String step) {
        return http.post().uri("/api/v1/recordings/{id}/" + step, recording).headers(h -> h.setBearerAuth(tokenFor(step)))
                .exchange();
    }

    private WebTestClient.ResponseSpec post(String recording, String step, Object body) {
        return http.post().uri("/api/v1/recordings/{id}/" + step, recording).headers(h -> h.setBearerAuth(tokenFor(step)))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private static String tokenFor(String step) {
        return step.equals("stop") ? host.accessToken() : service;
    }

    private static Map<String, Object> readyBody() {
        return Map.of("fileSizeBytes", 5_368_709_120L, "durationSeconds", 598, "videoCodec", "h264",
                "audioCodec", "opus", "resolution", "1920x1080");
    }

    private WebTestClient.BodyContentSpec expectProblem(WebTestClient.ResponseSpec response, int status, String code) {
        return response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo(code)
                .jsonPath("$.status").isEqualTo(status)
                .jsonPath("$.trace").doesNotExist();
    }

    private static String history(String aggregate) {
        String types = Sql.one(db, "SELECT string_agg(payload_type, ',' ORDER BY sequence_number) FROM event_store.domain_event_entry"
                + " WHERE aggregate_identifier = '" + aggregate + "'");
        return types == null ? "" : types.replace("io.darktower.events.recording.", "");
    }

    private static long events() {
        return Long.parseLong(Sql.one(db, "SELECT count(*) FROM event_store.domain_event_entry"));
    }

    @Test
    void aRecordingGoesThroughItsLifeAndRefusesStepsOutOfOrder() {
        String meeting = meeting(host, true, true);
        String recording = start(meeting, host).expectStatus().isCreated()
                .expectHeader().value("Location", location -> assertThat(location).startsWith("/api/v1/recordings/"))
                .expectBody()
                .jsonPath("$.meetingId").isEqualTo(meeting)
                .jsonPath("$.status").isEqualTo("recording")
                .jsonPath("$.storageBucket").isEqualTo("darktower-recordings")
                .jsonPath("$.storagePath").value(path -> assertThat((String) path).startsWith("meetings/" + meeting + "/recordings/"))
                .returnResult().getResponseHeaders().getLocation().getPath().replace("/api/v1/recordings/", "");

        expectProblem(post(recording, "ready", readyBody()), 409, "CONFLICT").jsonPath("$.reason").isEqualTo("NOT_STOPPED");
        expectProblem(post(recording, "processing"), 409, "CONFLICT").jsonPath("$.reason").isEqualTo("NOT_STOPPED");
        post(recording, "stop").expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("recording");
        post(recording, "stop").expectStatus().isOk(); // a repeat is a no-op
        post(recording, "processing").expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("processing");
        post(recording, "processing").expectStatus().isOk();
        post(recording, "ready", readyBody()).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("ready");
        post(recording, "ready", readyBody()).expectStatus().isOk();
        expectProblem(post(recording, "ready", Map.of("fileSizeBytes", 1, "durationSeconds", 1)), 409, "CONFLICT")
                .jsonPath("$.reason").isEqualTo("ALREADY_FINISHED");
        expectProblem(post(recording, "failed", Map.of("error_message", "late")), 409, "CONFLICT")
                .jsonPath("$.reason").isEqualTo("ALREADY_FINISHED");

        assertThat(history(recording)).isEqualTo("RecordingStarted,RecordingStopped,RecordingProcessingStarted,RecordingReady");
        assertThat(Sql.one(db, "SELECT payload FROM event_store.domain_event_entry WHERE aggregate_identifier = '" + recording
                + "' AND payload_type LIKE '%RecordingReady'")).contains("\"fileSizeBytes\":5368709120", "\"resolution\":\"1920x1080\"");
    }

    @Test
    void aRunningRecordingThatFailsStopsAndKeepsItsMessage() {
        String recording = started(meeting(host, true, true), host);
        post(recording, "failed", Map.of("error_message", "encoder crashed")).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("failed");
        post(recording, "failed", Map.of("errorMessage", "again")).expectStatus().isOk();
        expectProblem(http.put().uri("/api/v1/recordings/{id}/share", recording).exchange(), 409, "CONFLICT")
                .jsonPath("$.reason").isEqualTo("RECORDING_FAILED");
        assertThat(history(recording)).isEqualTo("RecordingStarted,RecordingStopped,RecordingFailed");
    }

    @Test
    void theMeetingDecidesWhoStartsWhenWithStableCodesAndNothingIsWritten() {
        String notAllowing = meeting(host, false, true);
        String scheduled = meeting(host, true, false);
        String active = meeting(host, true, true);
        long before = events();

        expectProblem(start(notAllowing, host), 409, "CONFLICT").jsonPath("$.reason").isEqualTo("RECORDING_NOT_ALLOWED");
        expectProblem(start(scheduled, host), 409, "CONFLICT").jsonPath("$.reason").isEqualTo("MEETING_NOT_ACTIVE");
        expectProblem(start(active, stranger), 403, "FORBIDDEN").jsonPath("$.reason").isEqualTo("NOT_ALLOWED");
        expectProblem(ApiCallers.client(port).post().uri("/api/v1/meetings/{id}/recordings", active).exchange(), 401,
                "UNAUTHORIZED");
        // the recorder's steps are the service's: a user's token is refused before the recording hears of it
        expectProblem(http.post().uri("/api/v1/recordings/{id}/processing", UUID.randomUUID()).exchange(), 403, "FORBIDDEN")
                .jsonPath("$.reason").isEqualTo("INSUFFICIENT_SCOPE");
        expectProblem(start(UUID.randomUUID().toString(), host), 404, "NOT_FOUND");
        expectProblem(start("not-a-meeting", host), 400, "INVALID_REQUEST");
        assertThat(events()).as("a refused start writes nothing").isEqualTo(before);

        // a participant who is not the creator may record too
        http.post().uri("/api/v1/meetings/{id}/participants", active).contentType(MediaType.APPLICATION_JSON)
                .headers(stranger::authorize).bodyValue(Map.of("displayName", "Guest"))
                .exchange().expectStatus().isCreated();
        started(active, stranger);
    }

    @Test
    void aRetriedStartWithTheSameIdempotencyKeyIsTheSameRecording() {
        String meeting = meeting(host, true, true);
        String key = UUID.randomUUID().toString();
        Map<?, ?> first = http.post().uri("/api/v1/meetings/{id}/recordings", meeting)
                .header("Idempotency-Key", key).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        Map<?, ?> retry = http.post().uri("/api/v1/meetings/{id}/recordings", meeting)
                .header("Idempotency-Key", key).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();

        assertThat(retry).isEqualTo(first);
        assertThat(history((String) first.get("recordingId"))).isEqualTo("RecordingStarted");
    }

    @Test
    void unknownRecordingsAnswerNotFoundAndMalformedInputIsRefusedNamingTheField() {
        String unknown = UUID.randomUUID().toString();
        expectProblem(post(unknown, "stop"), 404, "NOT_FOUND");
        expectProblem(post(unknown, "ready", readyBody()), 404, "NOT_FOUND");
        expectProblem(http.delete().uri("/api/v1/recordings/{id}/share", unknown).exchange(), 404, "NOT_FOUND");
        expectProblem(http.put().uri("/api/v1/recordings/{id}/share", unknown).exchange(), 404, "NOT_FOUND");
        expectProblem(post("nope", "stop"), 400, "INVALID_REQUEST");

        String recording = started(meeting(host, true, true), host);
        post(recording, "stop").expectStatus().isOk();
        long before = events();
        expectProblem(post(recording, "ready", Map.of("fileSizeBytes", -1, "durationSeconds", 1)), 400, "INVALID_REQUEST")
                .jsonPath("$.fields.fileSizeBytes").exists();
        expectProblem(post(recording, "ready", Map.of("fileSizeBytes", 1, "durationSeconds", 2_147_483_648L)), 400, "INVALID_REQUEST")
                .jsonPath("$.fields.durationSeconds").exists();
        expectProblem(post(recording, "ready", Map.of("fileSizeBytes", 1)), 400, "INVALID_REQUEST")
                .jsonPath("$.fields.durationSeconds").exists();
        expectProblem(post(recording, "ready", Map.of("fileSizeBytes", 1, "durationSeconds", 1, "resolution", "1920×1080")),
                400, "INVALID_REQUEST").jsonPath("$.fields.resolution").exists();
        expectProblem(post(recording, "ready", Map.of("fileSizeBytes", 1, "durationSeconds", 1, "videoCodec", "v".repeat(51))),
                400, "INVALID_REQUEST").jsonPath("$.fields.videoCodec").isEqualTo("is longer than 50 characters");
        expectProblem(post(recording, "ready", "{\"fileSizeBytes\":1,\"durationSeconds\":1,\"audioCodec\":\"op\\u0000us\"}"),
                400, "INVALID_REQUEST").jsonPath("$.fields.audioCodec").isEqualTo("must not contain control characters (found U+0000)");
        expectProblem(post(recording, "ready", "{\"fileSizeBytes\":99999999999999999999,\"durationSeconds\":1}"),
                400, "INVALID_REQUEST");
        expectProblem(post(recording, "ready", "{\"fileSizeBytes\":"), 400, "INVALID_REQUEST");
        expectProblem(http.post().uri("/api/v1/recordings/{id}/ready", recording).headers(h -> h.setBearerAuth(service))
                .contentType(MediaType.APPLICATION_JSON).exchange(), 400, "INVALID_REQUEST");
        expectProblem(post(recording, "failed", Map.of("error_message", "line\nbreak")), 400, "INVALID_REQUEST")
                .jsonPath("$.fields.errorMessage").exists();
        expectProblem(post(recording, "failed", Map.of("errorMessage", " ")), 400, "INVALID_REQUEST")
                .jsonPath("$.fields.errorMessage").isEqualTo("must not be blank");
        expectProblem(post(recording, "failed", Map.of("errorMessage", "e".repeat(2001))), 400, "INVALID_REQUEST")
                .jsonPath("$.fields.errorMessage").exists();
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void sharingHandsOutTheTokenOnceAndStoresOnlyItsHash() {
        String recording = started(meeting(host, true, true), host);
        String key = UUID.randomUUID().toString();
        Map<?, ?> share = http.put().uri("/api/v1/recordings/{id}/share", recording).contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", key).bodyValue(Map.of("isPublic", true)).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        String token = (String) share.get("accessToken");
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(share.get("isPublic")).isEqualTo(true);
        String payload = Sql.one(db, "SELECT payload FROM event_store.domain_event_entry WHERE aggregate_identifier = '"
                + recording + "' AND payload_type LIKE '%RecordingShared'");
        assertThat(payload).contains(ShareTokens.hash(token)).doesNotContain(token);

        http.put().uri("/api/v1/recordings/{id}/share", recording).contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", key).bodyValue(Map.of("isPublic", true)).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.isPublic").isEqualTo(true)
                .jsonPath("$.accessToken").isEmpty();
        expectProblem(http.put().uri("/api/v1/recordings/{id}/share", recording).contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", key).bodyValue(Map.of("isPublic", false)).exchange(), 409, "CONFLICT")
                .jsonPath("$.reason").isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(history(recording)).isEqualTo("RecordingStarted,RecordingShared");

        // without a body: a new link, by link only, replacing the first
        http.put().uri("/api/v1/recordings/{id}/share", recording).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.isPublic").isEqualTo(false)
                .jsonPath("$.accessToken").value(other -> assertThat(other).isNotEqualTo(token));
        http.delete().uri("/api/v1/recordings/{id}/share", recording).exchange().expectStatus().isNoContent();
        http.delete().uri("/api/v1/recordings/{id}/share", recording).exchange().expectStatus().isNoContent();
        assertThat(history(recording)).isEqualTo("RecordingStarted,RecordingShared,RecordingShared,RecordingShareRevoked");
    }

    @Test
    void anotherUserNeitherStopsNorSharesARecordingItDidNotStartAndNothingIsWritten() {
        String recording = started(meeting(host, true, true), host);
        WebTestClient asStranger = ApiCallers.client(port, stranger.accessToken());
        long before = events();
        asStranger.post().uri("/api/v1/recordings/{id}/stop", recording).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.reason").isEqualTo("NOT_ALLOWED");
        asStranger.put().uri("/api/v1/recordings/{id}/share", recording).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("isPublic", true)).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.reason").isEqualTo("NOT_ALLOWED");
        asStranger.delete().uri("/api/v1/recordings/{id}/share", recording).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.reason").isEqualTo("NOT_ALLOWED");
        assertThat(events()).isEqualTo(before);
        assertThat(history(recording)).isEqualTo("RecordingStarted");

        post(recording, "stop").expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("recording");
        assertThat(history(recording)).isEqualTo("RecordingStarted,RecordingStopped");
    }

    @Test
    void whenTheMeetingEndsItsRunningRecordingsStopOnce() {
        String meeting = meeting(host, true, true);
        String running = started(meeting, host);
        String alreadyStopped = started(meeting, host);
        post(alreadyStopped, "stop").expectStatus().isOk();
        String otherMeetingsRecording = started(meeting(host, true, true), host);

        http.post().uri("/api/v1/meetings/{id}/end", meeting).exchange()
                .expectStatus().isOk();

        await().atMost(Duration.ofSeconds(30)).until(() -> history(running).equals("RecordingStarted,RecordingStopped"));
        assertThat(history(alreadyStopped)).isEqualTo("RecordingStarted,RecordingStopped");
        assertThat(history(otherMeetingsRecording)).isEqualTo("RecordingStarted");
        assertThat(Sql.one(db, "SELECT meta_data FROM event_store.domain_event_entry WHERE aggregate_identifier = '" + running
                + "' AND payload_type LIKE '%RecordingStopped'")).as("caused by the meeting's end").contains("\"causationId\"");
        assertThat(Sql.one(db, "SELECT count(*) FROM event_store.running_recordings WHERE meeting_id = '" + meeting + "'"))
                .isEqualTo("0");
    }
}
