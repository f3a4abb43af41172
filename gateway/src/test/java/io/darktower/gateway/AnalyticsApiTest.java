package io.darktower.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.Sql;
import io.darktower.projections.analytics.AnalyticsSqlProjector;
import io.darktower.projections.runtime.ProjectionRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The analytics endpoints over real HTTP with the read side running: a meeting made, joined and ended through the API
 * reaches the analytics tables through the event log, and only an administrator reads them. Exact figures of a
 * scenario are {@code AnalyticsProjectionTest}'s; this proves the routes, the authorization, the validation and the
 * report page.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AnalyticsApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String NAME = "<script>alert('x')</script> & Co";
    private static final String CONTROLLER = "mc-analytics-1";
    private static final String REGION = "eu-analytics";

    private static ReadSide readSide;
    private static Endpoints db;
    private static ApiCallers.TestUser admin;
    private static ApiCallers.TestUser host;
    private static String endedMeeting;

    @LocalServerPort
    int port;

    private WebTestClient http;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        readSide = ReadSide.start(registry, "gateway_analytics_test");
        db = readSide.db();
    }

    @AfterAll
    static void stop() {
        readSide.close();
    }

    @BeforeEach
    void client() throws Exception {
        http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(WAIT).build();
        synchronized (AnalyticsApiTest.class) {
            if (admin == null) {
                admin = ApiCallers.admin(http);
                host = ApiCallers.signUp(http, "Host");
                await().atMost(WAIT).until(() -> !Sql.rows(db, "SELECT 1 FROM users WHERE user_id = '" + host.userId() + "'").isEmpty());
                // the meetings are placed on this controller: its load is charted
                http.put().uri("/api/v1/controllers/{id}", CONTROLLER)
                        .headers(h -> h.setBearerAuth(ApiCallers.serviceToken(http)))
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("region", REGION, "endpoint",
                                "https://" + CONTROLLER + ".example.com:4433/wt", "maxMeetings", 10, "maxParticipants", 100))
                        .exchange().expectStatus().isOk();
                await().atMost(WAIT).until(() -> !Sql.rows(db, "SELECT 1 FROM meeting_controllers WHERE controller_id = '"
                        + CONTROLLER + "'").isEmpty());
                endedMeeting = meeting(true);
            }
        }
    }

    /** A meeting named {@link #NAME}, joined by its host, and ended if {@code end}; once the analytics saw it. */
    private String meeting(boolean end) {
        String meeting = http.post().uri("/api/v1/meetings").headers(host::authorize)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("displayName", NAME))
                .exchange().expectStatus().isCreated()
                .expectBody().returnResult().getResponseHeaders().getLocation().getPath().replace("/api/v1/meetings/", "");
        http.post().uri("/api/v1/meetings/{id}/participants", meeting).headers(host::authorize)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("displayName", "Host", "region", REGION))
                .exchange().expectStatus().isCreated();
        if (end) {
            http.post().uri("/api/v1/meetings/{id}/end", meeting).headers(host::authorize).exchange().expectStatus().isOk();
        }
        String condition = end ? " AND ended_at IS NOT NULL" : " AND current_participants = 1";
        await().atMost(WAIT).until(() -> !Sql.rows(db, "SELECT 1 FROM analytics_meetings WHERE meeting_id = '"
                + meeting + "'" + condition).isEmpty());
        return meeting;
    }

    private WebTestClient.ResponseSpec get(ApiCallers.TestUser caller, String uri, Object... variables) {
        return http.get().uri(uri, variables).headers(caller::authorize).exchange();
    }

    private static void problem(WebTestClient.ResponseSpec response, int status, String code, String reason) {
        response.expectStatus().isEqualTo(status).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo(code).jsonPath("$.reason").isEqualTo(reason);
    }

    @Test
    void anAdministratorReadsAnEndedMeetingsStatistics() {
        JsonNode stats = ApiCallers.json(get(admin, "/api/v1/analytics/meetings/{id}", endedMeeting).expectStatus().isOk());
        assertThat(stats.get("meetingId").asText()).isEqualTo(endedMeeting);
        assertThat(stats.get("createdByUserId").asText()).isEqualTo(host.userId().toString());
        assertThat(stats.get("endReason").asText()).isEqualTo("ended_by_host");
        assertThat(stats.get("peakParticipants").asInt()).isEqualTo(1);
        assertThat(stats.get("totalParticipants").asInt()).isEqualTo(1);
        assertThat(stats.get("uniqueUsers").asInt()).isEqualTo(1);
        assertThat(stats.get("recordingSeconds").asLong()).isZero();
        assertThat(stats.get("participants")).hasSize(1);
        JsonNode session = stats.get("participants").get(0);
        assertThat(session.get("userId").asText()).isEqualTo(host.userId().toString());
        assertThat(session.get("leaveReason").asText()).isEqualTo("meeting_ended");
        assertThat(session.get("durationSeconds").asInt()).isEqualTo(stats.get("durationSeconds").asInt());
        assertThat(session.has("displayName")).as("no names in analytics").isFalse();
    }

    @Test
    void onlyAdministratorsReadAnalytics() {
        get(host, "/api/v1/analytics/meetings/{id}", endedMeeting).expectStatus().isForbidden();
        get(host, "/api/v1/analytics/usage/daily").expectStatus().isForbidden();
        get(host, "/api/v1/analytics/nodes/{id}/load", "mc-1").expectStatus().isForbidden();
        get(host, "/api/v1/analytics/report").expectStatus().isForbidden();
        http.get().uri("/api/v1/analytics/report").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void aRunningOrUnknownMeetingHasNoStatistics() {
        problem(get(admin, "/api/v1/analytics/meetings/{id}", meeting(false)), 404, "NOT_FOUND", "NOT_ENDED");
        problem(get(admin, "/api/v1/analytics/meetings/{id}", UUID.randomUUID()), 404, "NOT_FOUND", "UNKNOWN_MEETING");
        get(admin, "/api/v1/analytics/meetings/not-a-uuid").expectStatus().isBadRequest();
    }

    @Test
    void dailyUsageCountsTheHostsMeetingToday() {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode usage = ApiCallers.json(get(admin, "/api/v1/analytics/usage/daily?from={f}&to={t}&by=user",
                    LocalDate.now(ZoneOffset.UTC).minusDays(1), today).expectStatus().isOk());
            assertThat(usage.get("by").asText()).isEqualTo("user");
            JsonNode mine = null;
            for (JsonNode day : usage.get("days")) {
                if (day.get("subject").asText().equals(host.userId().toString())) {
                    mine = day;
                }
            }
            assertThat(mine).isNotNull();
            assertThat(mine.get("day").asText()).isEqualTo(today);
            assertThat(mine.get("meetings").asInt()).isGreaterThanOrEqualTo(1);
        });
        JsonNode regions = ApiCallers.json(get(admin, "/api/v1/analytics/usage/daily?by=region").expectStatus().isOk());
        assertThat(regions.get("days").toString()).contains("\"day\":\"" + today + "\"");
    }

    @Test
    void aNodesLoadIsItsMeetingsAndParticipantsOverTime() {
        JsonNode load = ApiCallers.json(get(admin, "/api/v1/analytics/nodes/{id}/load", CONTROLLER).expectStatus().isOk());
        assertThat(load.get("nodeId").asText()).isEqualTo(CONTROLLER);
        assertThat(load.get("status").get(0).get("change").asText()).isEqualTo("registered");
        assertThat(load.get("status").get(0).get("region").asText()).isEqualTo(REGION);
        JsonNode samples = load.get("load");
        assertThat(samples.size()).isGreaterThanOrEqualTo(2);
        int peak = 0;
        for (JsonNode sample : samples) {
            assertThat(sample.get("nodeType").asText()).isEqualTo("controller");
            peak = Math.max(peak, sample.get("participants").asInt());
        }
        assertThat(peak).isEqualTo(1);
        // the ended meeting came and went: one meeting, then none (a meeting still running may follow)
        assertThat(samples.get(0).get("meetings").asInt()).isEqualTo(1);
        JsonNode ended = ApiCallers.json(get(admin, "/api/v1/analytics/meetings/{id}", endedMeeting).expectStatus().isOk());
        assertThat(ended.get("controllerId").asText()).isEqualTo(CONTROLLER);
        assertThat(ended.get("region").asText()).isEqualTo(REGION);
        JsonNode regions = ApiCallers.json(get(admin, "/api/v1/analytics/usage/daily?by=region").expectStatus().isOk());
        assertThat(regions.get("days").toString()).contains("\"subject\":\"" + REGION + "\"");
    }

    @Test
    void badDatesAndDimensionsAreRefusedWithStableReasons() {
        problem(get(admin, "/api/v1/analytics/usage/daily?from=2026-13-01"), 400, "INVALID_REQUEST", "INVALID_DATE");
        problem(get(admin, "/api/v1/analytics/usage/daily?from=yesterday"), 400, "INVALID_REQUEST", "INVALID_DATE");
        problem(get(admin, "/api/v1/analytics/usage/daily?from=2026-03-02&to=2026-03-01"), 400, "INVALID_REQUEST",
                "INVALID_RANGE");
        problem(get(admin, "/api/v1/analytics/usage/daily?from=2020-01-01&to=2026-01-01"), 400, "INVALID_REQUEST",
                "INVALID_RANGE");
        problem(get(admin, "/api/v1/analytics/usage/daily?by=planet"), 400, "INVALID_REQUEST", "INVALID_DIMENSION");
        problem(get(admin, "/api/v1/analytics/nodes/{id}/load?from=noon", "mc-1"), 400, "INVALID_REQUEST", "INVALID_DATE");
        problem(get(admin, "/api/v1/analytics/nodes/{id}/load?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", "mc-1"),
                400, "INVALID_REQUEST", "INVALID_RANGE");
        problem(get(admin, "/api/v1/analytics/report?to=2026-02-30"), 400, "INVALID_REQUEST", "INVALID_DATE");
        problem(get(admin, "/api/v1/analytics/nodes/{id}/load", "mc-never-seen-" + UUID.randomUUID()), 404,
                "NOT_FOUND", "UNKNOWN_NODE");
    }

    @Test
    void theReportIsAPageWithChartsThatEscapesNames() throws Exception {
        String page = get(admin, "/api/v1/analytics/report").expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).returnResult().getResponseBody();
        Files.writeString(Path.of("target", "analytics-report.html"), page); // to look at
        assertThat(page).startsWith("<!DOCTYPE html>").contains("<svg", "Meetings per day", "Peak participants per day");
        assertThat(page).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co");
        assertThat(page).contains("<h3>" + CONTROLLER + "</h3>", "<polyline");
        assertThat(page).doesNotContain("<script");
    }

    /** The analytics rows of this test's meetings and host, as text. */
    private static String rows() {
        String meetings = "(SELECT meeting_id FROM analytics_meetings WHERE created_by_user_id = '" + host.userId() + "')";
        return Sql.rows(db, "SELECT * FROM analytics_meetings WHERE meeting_id IN " + meetings + " ORDER BY meeting_id")
                + "\n" + Sql.rows(db, "SELECT * FROM analytics_meeting_participants WHERE meeting_id IN " + meetings
                + " ORDER BY meeting_id, participant_id")
                + "\n" + Sql.rows(db, "SELECT * FROM analytics_usage_daily WHERE subject = '" + host.userId()
                + "' ORDER BY day, dimension")
                + "\n" + Sql.rows(db, "SELECT * FROM analytics_usage_meeting_days WHERE meeting_id IN " + meetings
                + " ORDER BY day, dimension, subject, meeting_id");
    }

    @Test
    void aRebuildFromTheEventLogWritesTheSameRows() {
        String before = rows();
        assertThat(before).contains(endedMeeting);
        // damage the rows by hand: only a rebuild from the log brings them back
        Sql.execute(db, "DELETE FROM analytics_meeting_participants WHERE meeting_id = '" + endedMeeting + "'");
        Sql.execute(db, "UPDATE analytics_usage_daily SET participant_seconds = 0 WHERE subject = '" + host.userId() + "'");
        assertThat(rows()).isNotEqualTo(before);
        ProjectionRunner runner = readSide.projections().runner(AnalyticsSqlProjector.NAME);
        long rebuilds = runner.status().rebuilds();
        runner.requestRebuild();
        await().atMost(WAIT).until(() -> runner.status().rebuilds() > rebuilds);
        assertThat(rows()).isEqualTo(before);
        assertThat(runner.status().healthy()).isTrue();
    }
}
