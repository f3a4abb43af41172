package io.darktower.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darktower.devstack.Sql;
import io.darktower.medianode.client.MediaClient;
import io.darktower.medianode.node.MediaNode;
import io.darktower.signaling.JoinResponse;
import io.darktower.signaling.Participant;
import io.darktower.signaling.ServerMessage;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;

/**
 * Issue 8's node failure, on the real stack with two media nodes in this JVM: the platform's own ({@code media-a}) and
 * a second one ({@code media-b}), both registered by themselves and beating. The node a meeting was placed on dies
 * abruptly — no deregistration, no leave, no drain, its sockets gone. Its participant's presence lapses and the
 * platform lets it go with {@code connection_lost}; the silent node is marked unhealthy and the meeting moves to the
 * other node; the participant joining again through the gateway is sent to the healthy node and is admitted there.
 *
 * <p>Timing knobs so it runs in seconds: node heartbeats every 250 ms against a 2 s timeout, a sweep every 250 ms,
 * presence refreshed every 250 ms with a TTL of 1.5 s, the presence watch every 250 ms (a participant gets 5 s from its
 * join through the gateway to its first presence, which its connection to the node sets).
 */
class MediaNodeFailoverEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Map<String, String> KNOBS = Map.of(
            "darktower.nodes.heartbeat-timeout", "2s",
            "darktower.nodes.sweep-interval", "250ms",
            "darktower.nodes.require-node", "true",
            "darktower.presence.sweep-interval", "250ms",
            "darktower.presence.join-grace", "5s",
            "darktower.presence.confirm", "250ms",
            "darktower.media.heartbeat-interval", "250ms",
            "darktower.media.presence-interval", "250ms",
            "darktower.media.presence-ttl", "1500ms");

    private static RunningPlatform running;
    private static ConfigurableApplicationContext second;
    private static ScheduledExecutorService keeper;

    @BeforeAll
    static void start() {
        // the platform (gateway and its media node) reads the knobs from system properties, as operators' -D flags
        KNOBS.forEach(System::setProperty);
        System.setProperty("darktower.media.node-id", "media-a");
        try {
            running = RunningPlatform.start("platform_media_failover", Map.of());   // its node registers
        } finally {
            KNOBS.keySet().forEach(System::clearProperty);
            System.clearProperty("darktower.media.node-id");
        }
        Map<String, Object> settings = new LinkedHashMap<>(KNOBS);
        settings.put("darktower.media.node-id", "media-b");
        second = running.platform.startMediaNode(settings);
        keeper = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    static void stop() {
        if (keeper != null) {
            keeper.shutdownNow();
        }
        if (running != null) {
            running.close();
        }
    }

    private static String one(String sql) {
        return Sql.one(running.db, sql);
    }

    /** A join through the gateway, as a client makes it: the node's URL and both tokens. */
    private static Map<?, ?> joinThroughTheGateway(UUID meeting, String name) {
        return running.http.post().uri("/api/v1/meetings/{id}/participants", meeting).contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(Map.of("displayName", name)).exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    /** The running node a signaling URL names. */
    private static MediaNode nodeAt(String signalingUrl) {
        int port = URI.create(signalingUrl).getPort();
        return List.of(running.platform.mediaNode(), second).stream().map(c -> c.getBean(MediaNode.class))
                .filter(n -> n.isRunning() && n.udpPort() == port).findFirst()
                .orElseThrow(() -> new AssertionError("no running node at " + signalingUrl));
    }

    /** Connects to the node the join named and joins with its tokens. */
    private static MediaClient connectAndJoin(Map<?, ?> joined, String name, JoinResponse[] answer) throws Exception {
        String url = (String) joined.get("signalingUrl");
        MediaNode node = nodeAt(url);
        URI uri = URI.create(url);
        MediaClient client = MediaClient.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), uri.getPath(),
                node.certificate().sha256(), WAIT);
        ServerMessage message = client.join((String) joined.get("wtToken"), (String) joined.get("joinToken"), name, WAIT);
        assertThat(message.hasJoinResponse()).as("%s", message).isTrue();
        answer[0] = message.getJoinResponse();
        return client;
    }

    @Test
    void aNodeThatDiesLosesItsParticipantsAndItsMeetingsAndAClientJoiningAgainLandsOnTheHealthyNode() throws Exception {
        // both nodes registered themselves as meeting controller and media handler, and beat
        await().atMost(WAIT).until(() -> "2".equals(one("SELECT count(*) FROM meeting_controllers WHERE health_status = 'healthy'"
                + " AND controller_id IN ('media-a', 'media-b') AND last_heartbeat_at > now() - interval '2 seconds'"))
                && "2".equals(one("SELECT count(*) FROM media_handlers WHERE health_status = 'healthy'"
                + " AND handler_id IN ('media-a', 'media-b')")));
        assertThat(one("SELECT endpoint FROM meeting_controllers WHERE controller_id = 'media-b'"))
                .isEqualTo(second.getBean(MediaNode.class).endpoint());

        Map<?, ?> created = running.http.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", "failover")).exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        UUID meeting = UUID.fromString((String) created.get("meetingId"));

        // someone stays in the meeting through it all (beating over HTTP), so the meeting outlives the failure
        Map<?, ?> host = joinThroughTheGateway(meeting, "Host");
        String hostId = (String) host.get("participantId");
        keeper.scheduleWithFixedDelay(() -> running.http.post()
                .uri("/api/v1/meetings/{m}/participants/{p}/heartbeat", meeting, hostId).exchange(), 0, 500, TimeUnit.MILLISECONDS);

        // Ann joins through the gateway and connects to the node it names
        Map<?, ?> ann = joinThroughTheGateway(meeting, "Ann");
        String annId = (String) ann.get("participantId");
        String doomedUrl = (String) ann.get("signalingUrl");
        assertThat(doomedUrl).isNotNull();
        MediaNode doomed = nodeAt(doomedUrl);
        String doomedId = doomed.nodeId();
        String healthyId = doomedId.equals("media-a") ? "media-b" : "media-a";
        assertThat(one("SELECT assigned_controller_id FROM meetings WHERE meeting_id = '" + meeting + "'")).isEqualTo(doomedId);
        JoinResponse[] annJoined = new JoinResponse[1];
        MediaClient annClient = connectAndJoin(ann, "Ann", annJoined);
        assertThat(annJoined[0].getNode().getNodeId()).isEqualTo(doomedId);
        // the node carries her: its heartbeat says so
        await().atMost(WAIT).until(() -> "1".equals(one(
                "SELECT current_participants FROM meeting_controllers WHERE controller_id = '" + doomedId + "'")));

        // the node dies
        long diedAt = System.nanoTime();
        doomed.crash();

        // Ann's presence lapses: the platform lets her go with connection_lost (the dead node sent nothing)
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> "connection_lost".equals(one(
                "SELECT leave_reason FROM meeting_participants WHERE participant_id = '" + annId + "'")));
        long leftAfter = System.nanoTime() - diedAt;
        assertThat(one("SELECT payload FROM event_store.domain_event_entry WHERE payload_type = "
                + "'io.darktower.events.meeting.ParticipantLeft' AND payload LIKE '%" + annId + "%'"))
                .contains("connection_lost");
        assertThat(one("SELECT meta_data FROM event_store.domain_event_entry WHERE payload_type = "
                + "'io.darktower.events.meeting.ParticipantLeft' AND payload LIKE '%" + annId + "%'"))
                .as("let go by the platform, not by the node").contains("\"system\"");

        // the silent node is marked unhealthy, and the meeting (controller and media handler) moves to the other one
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> "unhealthy".equals(one(
                "SELECT health_status FROM meeting_controllers WHERE controller_id = '" + doomedId + "'"))
                && "unhealthy".equals(one("SELECT health_status FROM media_handlers WHERE handler_id = '" + doomedId + "'")));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> healthyId.equals(one(
                "SELECT assigned_controller_id FROM meetings WHERE meeting_id = '" + meeting + "'"))
                && healthyId.equals(one("SELECT metadata->>'media_handler_id' FROM meetings WHERE meeting_id = '" + meeting + "'")));
        long movedAfter = System.nanoTime() - diedAt;
        assertThat(one("SELECT status FROM meetings WHERE meeting_id = '" + meeting + "'")).isEqualTo("active");
        System.out.printf("media node failover: %s died; Ann left (connection_lost) after %d ms, the meeting on %s after %d ms%n",
                doomedId, leftAfter / 1_000_000, healthyId, movedAfter / 1_000_000);

        // Ann comes back through the gateway: sent to the healthy node, admitted there, and finds the host
        Map<?, ?> again = joinThroughTheGateway(meeting, "Ann");
        assertThat((String) again.get("signalingUrl")).isEqualTo(running.platform.mediaNode().getBean(MediaNode.class).nodeId()
                .equals(healthyId) ? running.platform.mediaNode().getBean(MediaNode.class).endpoint()
                : second.getBean(MediaNode.class).endpoint());
        JoinResponse[] rejoined = new JoinResponse[1];
        try (MediaClient back = connectAndJoin(again, "Ann", rejoined)) {
            assertThat(rejoined[0].getNode().getNodeId()).isEqualTo(healthyId);
            assertThat(rejoined[0].getParticipantsList()).extracting(Participant::getParticipantId).containsExactly(hostId);
        } finally {
            annClient.abort();
        }
    }
}
