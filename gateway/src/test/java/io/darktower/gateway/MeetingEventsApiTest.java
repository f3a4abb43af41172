package io.darktower.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.Sql;
import io.darktower.events.EventJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;

/**
 * A meeting seen from outside over real HTTP, with the read side running: its live events as Server-Sent Events (in
 * order, resumed without gap or repeat, only for its host and participants), its participants, and the meeting list
 * (a caller's own meetings; anyone's for an administrator). Every caller authenticates as a client does
 * ({@link ApiCallers}).
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "darktower.live.heartbeat=1s")
class MeetingEventsApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() { };

    private static ReadSide readSide;
    private static Endpoints db;

    @LocalServerPort
    int port;

    private WebTestClient http;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        readSide = ReadSide.start(registry, "gateway_events_test");
        db = readSide.db();
    }

    @AfterAll
    static void stop() {
        readSide.close();
    }

    @BeforeEach
    void client() {
        http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(WAIT).build();
    }

    /** A signed-up, signed-in user, once the read model has it (a meeting's host and participants are users). */
    private ApiCallers.TestUser user(String name) {
        ApiCallers.TestUser user = ApiCallers.signUp(http, name);
        await().atMost(WAIT).until(() -> !Sql.rows(db, "SELECT 1 FROM users WHERE user_id = '" + user.userId() + "'").isEmpty());
        return user;
    }

    /** A participant as the join answered it: its id and its join token. */
    private record Joined(String id, String token) {
    }

    private String create(ApiCallers.TestUser host, String name) {
        String meeting = http.post().uri("/api/v1/meetings").headers(host::authorize)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("displayName", name))
                .exchange().expectStatus().isCreated()
                .expectBody().returnResult().getResponseHeaders().getLocation().getPath().replace("/api/v1/meetings/", "");
        await().atMost(WAIT).until(() -> !Sql.rows(db, "SELECT 1 FROM meetings WHERE meeting_id = '" + meeting + "'").isEmpty());
        return meeting;
    }

    /** Joins as {@code user}, or with {@code token} (a guest's). */
    private Joined join(String meeting, String token, String name) throws Exception {
        byte[] body = http.post().uri("/api/v1/meetings/{id}/participants", meeting).headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("displayName", name))
                .exchange().expectStatus().isCreated().expectBody().returnResult().getResponseBody();
        JsonNode answer = EventJson.mapper().readTree(body);
        String participant = answer.get("participantId").asText();
        await().atMost(WAIT).until(() -> !Sql.rows(db, "SELECT 1 FROM meeting_participants WHERE participant_id = '"
                + participant + "'").isEmpty());
        return new Joined(participant, answer.get("joinToken").asText());
    }

    private Joined join(String meeting, ApiCallers.TestUser user, String name) throws Exception {
        return join(meeting, user.accessToken(), name);
    }

    /** The participant leaves, with its join token (it speaks for itself only). */
    private void leave(String meeting, Joined participant) {
        http.delete().uri("/api/v1/meetings/{m}/participants/{p}", meeting, participant.id())
                .headers(h -> h.setBearerAuth(participant.token())).exchange().expectStatus().isNoContent();
    }

    /** The meeting's events in the store: sequence and wire type, in order. */
    private static List<String> stored(String meeting) {
        return Sql.rows(db, "SELECT sequence_number, payload_type FROM event_store.domain_event_entry WHERE aggregate_identifier = '"
                        + meeting + "' ORDER BY sequence_number").stream()
                .map(row -> {
                    String type = (String) row.get("payload_type");
                    return row.get("sequence_number") + " " + type.substring(type.lastIndexOf('.') + 1);
                }).toList();
    }

    /** A client of the event stream, collecting what it receives until closed. */
    private final class Client implements AutoCloseable {
        final List<ServerSentEvent<String>> received = new CopyOnWriteArrayList<>();
        final Disposable subscription;

        Client(String meeting, String token, String lastEventId) {
            WebTestClient.RequestHeadersSpec<?> request = http.get().uri("/api/v1/meetings/{id}/events", meeting)
                    .accept(MediaType.TEXT_EVENT_STREAM).headers(h -> h.setBearerAuth(token));
            if (lastEventId != null) {
                request = request.header("Last-Event-ID", lastEventId);
            }
            subscription = request.exchange().expectStatus().isOk()
                    .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                    .returnResult(SSE).getResponseBody().subscribe(received::add);
            await().atMost(WAIT).until(() -> comments().contains("connected"));
        }

        List<String> comments() {
            return received.stream().map(ServerSentEvent::comment).filter(Objects::nonNull).toList();
        }

        /** "sequence Type" of every event received, in order. */
        List<String> events() {
            return received.stream().filter(e -> e.event() != null).map(e -> e.id() + " " + e.event()).toList();
        }

        JsonNode data(String type) throws Exception {
            return EventJson.mapper().readTree(received.stream().filter(e -> type.equals(e.event())).findFirst().orElseThrow().data());
        }

        @Override
        public void close() {
            subscription.dispose();
        }
    }

    @Test
    void theHostSeesJoinsAndLeavesAsTheyHappenInOrderWithHeartbeats() throws Exception {
        ApiCallers.TestUser host = user("host");
        ApiCallers.TestUser bob = user("bob");
        String meeting = create(host, "Live events");
        join(meeting, host, "Host");
        try (Client client = new Client(meeting, host.accessToken(), null)) {
            int before = stored(meeting).size();
            Joined b = join(meeting, bob, "Bob");
            leave(meeting, b);
            await().atMost(WAIT).until(() -> client.events().size() == 2);
            assertThat(client.events()).containsExactly(before + " ParticipantJoined", (before + 1) + " ParticipantLeft");
            assertThat(client.events()).isEqualTo(stored(meeting).subList(before, before + 2));
            JsonNode joined = client.data("ParticipantJoined");
            assertThat(joined.get("participantId").asText()).isEqualTo(b.id());
            assertThat(joined.get("displayName").asText()).isEqualTo("Bob");
            assertThat(joined.has("connection")).as("where participants connect from is not shown").isFalse();
            assertThat(client.data("ParticipantLeft").get("reason").asText()).isEqualTo("voluntary");
            await().atMost(WAIT).until(() -> client.comments().contains("heartbeat"));
            assertThat(client.events()).hasSize(2);
        }
    }

    @Test
    void aClientResumingWithLastEventIdGetsEveryLaterEventOnceInOrder() throws Exception {
        ApiCallers.TestUser host = user("host");
        String meeting = create(host, "Resumed");
        join(meeting, host, "Host");
        String last;
        try (Client client = new Client(meeting, host.accessToken(), null)) {
            join(meeting, user("alice"), "Alice");
            await().atMost(WAIT).until(() -> client.events().size() == 1);
            last = client.received.stream().filter(e -> e.event() != null).reduce((a, b) -> b).orElseThrow().id();
        }
        // while the client is away
        Joined carol = join(meeting, user("carol"), "Carol");
        leave(meeting, carol);
        join(meeting, user("dave"), "Dave");

        try (Client resumed = new Client(meeting, host.accessToken(), last)) {
            List<String> missed = stored(meeting).subList(Integer.parseInt(last) + 1, stored(meeting).size());
            assertThat(missed).hasSize(3);
            await().atMost(WAIT).until(() -> resumed.events().size() == missed.size());
            assertThat(resumed.events()).isEqualTo(missed);
            // and on, live, after what it caught up with
            join(meeting, user("erin"), "Erin");
            await().atMost(WAIT).until(() -> resumed.events().size() == missed.size() + 1);
            await().atMost(WAIT).until(() -> resumed.comments().stream().filter("heartbeat"::equals).count() >= 2);
            List<String> all = stored(meeting);
            assertThat(resumed.events()).isEqualTo(all.subList(Integer.parseInt(last) + 1, all.size()));
            assertThat(new HashSet<>(resumed.events())).hasSameSizeAs(resumed.events());
        }

        try (Client fromTheStart = new Client(meeting, host.accessToken(), "-1")) {
            List<String> all = stored(meeting);
            await().atMost(WAIT).until(() -> fromTheStart.events().size() == all.size());
            assertThat(fromTheStart.events()).isEqualTo(all);
            assertThat(fromTheStart.events().get(0)).isEqualTo("0 MeetingCreated");
        }
    }

    private WebTestClient.ResponseSpec events(String meeting, String token) {
        WebTestClient.RequestHeadersSpec<?> request = http.get().uri("/api/v1/meetings/{id}/events", meeting)
                .accept(MediaType.TEXT_EVENT_STREAM);
        return (token == null ? request : request.headers(h -> h.setBearerAuth(token))).exchange();
    }

    private WebTestClient.ResponseSpec participants(String meeting, String token) {
        WebTestClient.RequestHeadersSpec<?> request = http.get().uri("/api/v1/meetings/{id}/participants", meeting);
        return (token == null ? request : request.headers(h -> h.setBearerAuth(token))).exchange();
    }

    private static WebTestClient.BodyContentSpec problem(WebTestClient.ResponseSpec response, int status, String code,
                                                         String reason) {
        WebTestClient.BodyContentSpec body = response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo(code);
        return reason == null ? body : body.jsonPath("$.reason").isEqualTo(reason);
    }

    @Test
    void onlyTheHostParticipantsAndAdministratorsMayFollowAMeetingOrSeeItsParticipants() throws Exception {
        ApiCallers.TestUser host = user("host");
        ApiCallers.TestUser bob = user("bob");
        ApiCallers.TestUser stranger = user("stranger");
        String meeting = create(host, "Private");
        Joined bobJoined = join(meeting, bob, "Bob");
        Joined guest = join(meeting, ApiCallers.guestToken(http, meeting), "Guest");
        try (Client participant = new Client(meeting, bob.accessToken(), null);
             Client byJoinToken = new Client(meeting, guest.token(), null);
             Client admin = new Client(meeting, ApiCallers.admin(http).accessToken(), null)) {
            assertThat(participant.comments()).contains("connected");
            assertThat(byJoinToken.comments()).contains("connected");
            assertThat(admin.comments()).contains("connected");
        }
        problem(events(meeting, stranger.accessToken()), 403, "FORBIDDEN", "NOT_A_MEMBER");
        // a guest token lets its bearer join, not watch before it did
        problem(events(meeting, ApiCallers.guestToken(http, meeting)), 403, "FORBIDDEN", "NOT_A_MEMBER");
        // a join token is good for its own meeting only
        problem(events(create(host, "Elsewhere"), bobJoined.token()), 403, "FORBIDDEN", "INSUFFICIENT_SCOPE");
        // the node fleet's service client has no meetings:read
        problem(events(meeting, ApiCallers.serviceToken(http)), 403, "FORBIDDEN", "INSUFFICIENT_SCOPE");
        problem(events(meeting, null), 401, "UNAUTHORIZED", "CALLER_REQUIRED");
        problem(events(UUID.randomUUID().toString(), host.accessToken()), 404, "NOT_FOUND", null);
        problem(http.get().uri("/api/v1/meetings/{id}/events", meeting).accept(MediaType.TEXT_EVENT_STREAM)
                .headers(host::authorize).header("Last-Event-ID", "yesterday").exchange(), 400, "INVALID_REQUEST", null);

        // the participant list: the same rule
        for (String token : List.of(host.accessToken(), bob.accessToken(), guest.token())) {
            participants(meeting, token).expectStatus().isOk().expectBody()
                    .jsonPath("$.participants.length()").isEqualTo(2)
                    .jsonPath("$.participants[0].userId").isEqualTo(bob.userId().toString())
                    .jsonPath("$.participants[0].displayName").isEqualTo("Bob")
                    .jsonPath("$.participants[1].displayName").isEqualTo("Guest");
        }
        problem(participants(meeting, stranger.accessToken()), 403, "FORBIDDEN", "NOT_A_MEMBER");
        problem(participants(meeting, ApiCallers.guestToken(http, meeting)), 403, "FORBIDDEN", "NOT_A_MEMBER");
        problem(participants(meeting, ApiCallers.serviceToken(http)), 403, "FORBIDDEN", "INSUFFICIENT_SCOPE");
        problem(participants(meeting, null), 401, "UNAUTHORIZED", "CALLER_REQUIRED");
    }

    private JsonNode page(String uri, ApiCallers.TestUser caller) throws Exception {
        return EventJson.mapper().readTree(http.get().uri(uri).headers(caller::authorize).exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody());
    }

    @Test
    void meetingsAreListedByUserAndStatusNewestFirstAPageAtATime() throws Exception {
        ApiCallers.TestUser owner = user("owner");
        ApiCallers.TestUser other = user("other");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(create(owner, "Owned " + i));
        }
        String joinedElsewhere = create(other, "Joined");
        join(joinedElsewhere, owner, "Owner");
        create(other, "Not the owner's");
        await().atMost(WAIT).until(() -> "active".equals(Sql.one(db, "SELECT status FROM meetings WHERE meeting_id = '"
                + joinedElsewhere + "'")));

        List<String> seen = new ArrayList<>();
        JsonNode page = page("/api/v1/meetings?user_id=" + owner.userId() + "&limit=2", owner);
        int pages = 1;
        while (true) {
            page.get("items").forEach(item -> seen.add(item.get("meetingId").asText()));
            if (page.get("nextCursor").isNull()) {
                assertThat(page.get("next").isNull()).isTrue();
                break;
            }
            assertThat(page.get("items")).hasSize(2);
            // the link and the cursor lead to the same page
            JsonNode byCursor = page("/api/v1/meetings?user_id=" + owner.userId() + "&limit=2&cursor="
                    + page.get("nextCursor").asText(), owner);
            page = page(page.get("next").asText(), owner);
            assertThat(page).isEqualTo(byCursor);
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        List<String> expected = new ArrayList<>(created);
        expected.add(joinedElsewhere);
        assertThat(seen).containsExactlyElementsOf(expected.reversed());

        JsonNode active = page("/api/v1/meetings?user_id=" + owner.userId() + "&active=true", owner);
        assertThat(active.get("items")).hasSize(1);
        assertThat(active.get("items").get(0).get("meetingId").asText()).isEqualTo(joinedElsewhere);
        assertThat(active.get("items").get(0).get("participantCount").asInt()).isEqualTo(1);
        assertThat(page("/api/v1/meetings?user_id=" + owner.userId() + "&active=false", owner).get("items")).hasSize(5);

        // without user_id, a caller lists its own meetings; another user's only an administrator may
        List<String> own = new ArrayList<>();
        page("/api/v1/meetings?limit=100", owner).get("items").forEach(item -> own.add(item.get("meetingId").asText()));
        assertThat(own).containsExactlyElementsOf(expected.reversed());
        problem(http.get().uri("/api/v1/meetings?user_id=" + owner.userId()).headers(other::authorize).exchange(),
                403, "FORBIDDEN", "NOT_YOURSELF");
        ApiCallers.TestUser admin = ApiCallers.admin(http);
        assertThat(page("/api/v1/meetings?user_id=" + owner.userId() + "&limit=100", admin).get("items")).hasSize(6);
        assertThat(page("/api/v1/meetings?limit=100", admin).get("items").size()).isGreaterThanOrEqualTo(7);
        problem(http.get().uri("/api/v1/meetings").headers(h -> h.setBearerAuth(ApiCallers.serviceToken(http))).exchange(),
                403, "FORBIDDEN", "INSUFFICIENT_SCOPE");
        problem(http.get().uri("/api/v1/meetings").exchange(), 401, "UNAUTHORIZED", "CALLER_REQUIRED");

        for (String bad : List.of("limit=0", "limit=101", "limit=many", "active=maybe", "cursor=not-a-cursor", "user_id=nobody")) {
            problem(http.get().uri("/api/v1/meetings?" + bad).headers(owner::authorize).exchange(), 400, "INVALID_REQUEST", null);
        }
    }
}
