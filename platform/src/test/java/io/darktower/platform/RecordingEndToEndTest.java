package io.darktower.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darktower.commands.recording.ShareTokens;
import io.darktower.devstack.ConsumerGroups;
import io.darktower.devstack.Endpoints;
import io.darktower.events.AggregateType;
import io.darktower.events.Aggregates;
import io.darktower.projections.runtime.Projections;
import io.darktower.projections.runtime.Projector;
import io.darktower.devstack.Sql;
import io.darktower.gateway.ApiCallers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A recording's life through the running platform: started over HTTP where the meeting allows it, stored, relayed,
 * projected into {@code recordings} and read back over HTTP; stopped by the process when its meeting ends; shared
 * with only the token's hash in the read model; processed and ready.
 */
class RecordingEndToEndTest {

    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(30);

    private static RunningPlatform running;
    private static Endpoints db;
    private static WebTestClient http;

    @BeforeAll
    static void start() {
        running = RunningPlatform.start("recording_e2e");
        db = running.db;
        http = running.http;
    }

    @AfterAll
    static void stop() {
        running.close();
        // this test's meetings and recordings reference rows only its database has: later tests' projections skip them
        ConsumerGroups.skipToEnd(db.kafkaBootstrapServers(),
                Projections.all().stream().map(Projector::name).toList(),
                Aggregates.ALL.stream().map(AggregateType::topic).toList());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> get(String uri, Object... vars) {
        return http.get().uri(uri, vars).exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }

    private static boolean visible(String recording) {
        return http.get().uri("/api/v1/recordings/{id}", recording).exchange().returnResult(Void.class).getStatus().value() == 200;
    }

    @Test
    void startedSharedStoppedByTheMeetingsEndThenReady() {
        UUID host = running.user.userId();
        String meeting = http.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", "Recorded", "settings", Map.of("allowRecording", true)))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody()
                .get("meetingId").toString();
        http.post().uri("/api/v1/meetings/{id}/participants", meeting).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", "Host"))
                .exchange().expectStatus().isCreated();

        String recording = http.post().uri("/api/v1/meetings/{id}/recordings", meeting)
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody()
                .get("recordingId").toString();
        await().atMost(VISIBLE_WITHIN).until(() -> visible(recording));
        assertThat(get("/api/v1/recordings/{id}", recording))
                .containsEntry("meetingId", meeting).containsEntry("startedByUserId", host.toString())
                .containsEntry("status", "recording").containsEntry("stopped", false).containsEntry("endedAt", null)
                .containsEntry("storageBucket", "darktower-recordings").containsEntry("isPublic", false)
                .containsEntry("shared", false);
        List<?> ofMeeting = http.get().uri("/api/v1/meetings/{id}/recordings", meeting).exchange().expectStatus().isOk()
                .expectBody(List.class).returnResult().getResponseBody();
        assertThat(ofMeeting.stream().<Object>map(r -> ((Map<?, ?>) r).get("recordingId")).toList()).containsExactly(recording);

        String token = (String) http.put().uri("/api/v1/recordings/{id}/share", recording).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("isPublic", true)).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("accessToken");
        await().atMost(VISIBLE_WITHIN).until(() -> Boolean.TRUE.equals(get("/api/v1/recordings/{id}", recording).get("shared")));
        assertThat(Sql.one(db, "SELECT access_token FROM recordings WHERE recording_id = '" + recording + "'"))
                .as("the read model holds the hash a link is verified against, never the token")
                .isEqualTo(ShareTokens.hash(token));
        assertThat(get("/api/v1/recordings/{id}", recording).toString()).doesNotContain(token, ShareTokens.hash(token));

        http.post().uri("/api/v1/meetings/{id}/end", meeting).exchange()
                .expectStatus().isOk();
        await().atMost(VISIBLE_WITHIN).until(() -> Boolean.TRUE.equals(get("/api/v1/recordings/{id}", recording).get("stopped")));
        String meetingEnd = Sql.one(db, "SELECT ended_at FROM meetings WHERE meeting_id = '" + meeting + "'");
        assertThat(Sql.one(db, "SELECT ended_at FROM recordings WHERE recording_id = '" + recording + "'"))
                .as("stopped when the meeting ended").isEqualTo(meetingEnd);

        http.post().uri("/api/v1/recordings/{id}/processing", recording).exchange().expectStatus().isOk();
        http.post().uri("/api/v1/recordings/{id}/ready", recording).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("fileSizeBytes", 123_456_789, "durationSeconds", 61, "videoCodec", "vp9",
                        "audioCodec", "opus", "resolution", "1280x720"))
                .exchange().expectStatus().isOk();
        await().atMost(VISIBLE_WITHIN).until(() -> "ready".equals(get("/api/v1/recordings/{id}", recording).get("status")));
        assertThat(get("/api/v1/recordings/{id}", recording)).containsEntry("fileSizeBytes", 123_456_789)
                .containsEntry("durationSeconds", 61).containsEntry("videoCodec", "vp9").containsEntry("audioCodec", "opus")
                .containsEntry("resolution", "1280x720").containsEntry("errorMessage", null);

        http.get().uri("/api/v1/recordings/{id}", UUID.randomUUID()).exchange().expectStatus().isNotFound();

        // a user who neither hosts nor took part in the meeting sees neither the recording nor the meeting's list
        WebTestClient anonymous = WebTestClient.bindToServer().baseUrl("http://localhost:" + running.platform.httpPort())
                .responseTimeout(VISIBLE_WITHIN).build();
        String stranger = ApiCallers.signUp(anonymous, "Stranger").accessToken();
        WebTestClient asStranger = anonymous.mutate().defaultHeader("Authorization", "Bearer " + stranger).build();
        asStranger.get().uri("/api/v1/recordings/{id}", recording).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.reason").isEqualTo("NOT_A_MEMBER");
        asStranger.get().uri("/api/v1/meetings/{id}/recordings", meeting).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.reason").isEqualTo("NOT_A_MEMBER");
    }
}
