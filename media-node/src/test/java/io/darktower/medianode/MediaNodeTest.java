package io.darktower.medianode;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.darktower.commands.meeting.CreateMeeting;
import io.darktower.devstack.Databases;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.darktower.events.meeting.MeetingSettings;
import io.darktower.media.FrameType;
import io.darktower.media.MediaFrameHeader;
import io.darktower.medianode.client.MediaClient;
import io.darktower.medianode.node.MediaNode;
import io.darktower.medianode.signaling.CloseCodes;
import io.darktower.medianode.webtransport.SessionClose;
import io.darktower.queries.auth.AccessTokenFormat;
import io.darktower.queries.webtransport.WebTransportTokens;
import io.darktower.readmodel.RedisKeys.WebTransportTokenFields;
import io.darktower.readmodel.RedisKeys;
import io.darktower.signaling.ClientMessage;
import io.darktower.signaling.ErrorCode;
import io.darktower.signaling.GridLayout;
import io.darktower.signaling.JoinResponse;
import io.darktower.signaling.Participant;
import io.darktower.signaling.ServerMessage;
import io.darktower.signaling.StreamAssignments;
import io.darktower.signaling.SubscribeToLayout;
import io.darktower.signaling.UnsubscribeLayout;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The media node on the real embedded stack (PostgreSQL event store, relay, Kafka, Redis), driven by the Java client
 * over real QUIC: participants are admitted by one-time connection tokens with their join tokens, join and leave through the meeting's
 * commands, and hear of each other from the meeting's events.
 */
class MediaNodeTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static Endpoints db;
    private static ConfigurableApplicationContext node;
    private static RedisClient redisClient;
    private static RedisCommands<String, String> redis;
    private static InetSocketAddress address;
    private static byte[] certificateHash;
    private static String path;
    private static final String ISSUER = TestNodes.ISSUER;
    private static final ECKey signingKey = TestNodes.SIGNING_KEY;

    private final List<MediaClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() {
        db = Databases.create(SharedTestStack.endpoints(), "media_node_test");
        node = TestNodes.start(db, "media_node_test",
                "--darktower.media.http-port=0",
                "--darktower.media.sockets=2",
                "--darktower.media.join-timeout=5s",
                "--darktower.media.quality-interval=200ms");
        MediaNode media = node.getBean(MediaNode.class);
        address = new InetSocketAddress("127.0.0.1", media.udpPort());
        certificateHash = media.certificate().sha256();
        path = media.path();
        redisClient = RedisClient.create(db.redisUri());
        redis = redisClient.connect().sync();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (redisClient != null) {
            redisClient.shutdown();
        }
    }

    @AfterEach
    void disconnect() {
        clients.forEach(MediaClient::abort);
    }

    private MediaClient connect() throws Exception {
        MediaClient client = MediaClient.connect(address, path, certificateHash, WAIT);
        clients.add(client);
        return client;
    }

    private static UUID meeting() {
        UUID id = UUID.randomUUID();
        node.getBean(CommandGateway.class).sendAndWait(new CreateMeeting(id, "m" + id.toString().substring(0, 8),
                "Media node test", 10, MeetingSettings.DEFAULTS, null, null, Instant.now()));
        return id;
    }

    /** A join token as the gateway signs it (the gateway's format, with a key the node finds in the JWKS). */
    private static String joinToken(UUID meetingId, UUID participantId) {
        return TestNodes.joinToken(meetingId, participantId);
    }

    private static AccessTokenFormat.Claims participantClaims(UUID meetingId, UUID participantId) {
        return TestNodes.participantClaims(meetingId, participantId);
    }

    /** Joins with both tokens of a join, as a client the gateway let in does. */
    private static ServerMessage join(MediaClient client, UUID meetingId, UUID participantId, String name) throws Exception {
        return client.join(token(meetingId, participantId), joinToken(meetingId, participantId), name, WAIT);
    }

    /** A connection token as the gateway hands it out with a join (the gateway's own writer). */
    private static String token(UUID meetingId, UUID participantId) {
        return new WebTransportTokens(redisClient.connect().reactive()).issue(participantId, meetingId, Instant.now()).block();
    }

    private static List<String> names(JoinResponse response) {
        return response.getParticipantsList().stream().map(Participant::getDisplayName).toList();
    }

    @Test
    void twoParticipantsSeeEachOtherJoinPublishAndLeave() throws Exception {
        UUID meeting = meeting();
        UUID ann = UUID.randomUUID();
        UUID bob = UUID.randomUUID();

        MediaClient annClient = connect();
        ServerMessage annJoined = join(annClient, meeting, ann, "Ann");
        assertThat(annJoined.hasJoinResponse()).as("%s", annJoined).isTrue();
        assertThat(annJoined.getJoinResponse().getParticipantId()).isEqualTo(ann.toString());
        assertThat(annJoined.getJoinResponse().getMeetingId()).isEqualTo(meeting.toString());
        assertThat(annJoined.getJoinResponse().getParticipantsList()).isEmpty();
        assertThat(annJoined.getJoinResponse().getNode().getMaxDatagramSize()).isEqualTo(1150);

        MediaClient bobClient = connect();
        ServerMessage bobJoined = join(bobClient, meeting, bob, "Bob");
        assertThat(bobJoined.hasJoinResponse()).as("%s", bobJoined).isTrue();
        assertThat(names(bobJoined.getJoinResponse())).containsExactly("Ann");
        assertThat(bobJoined.getJoinResponse().getMediaUserId())
                .isEqualTo(bob.getMostSignificantBits() ^ bob.getLeastSignificantBits());

        ServerMessage bobArrived = annClient.await(ServerMessage::hasParticipantJoined, WAIT);
        assertThat(bobArrived.getRequestId()).isZero();
        assertThat(bobArrived.getParticipantJoined().getParticipant().getParticipantId()).isEqualTo(bob.toString());
        assertThat(bobArrived.getParticipantJoined().getParticipant().getDisplayName()).isEqualTo("Bob");

        ServerMessage published = annClient.publish("video_camera", "VP9", 1_500_000, 7, WAIT);
        assertThat(published.hasStreamPublished()).as("%s", published).isTrue();
        assertThat(published.getStreamPublished().getMediaStreamId()).isEqualTo(7);
        ServerMessage seen = bobClient.await(ServerMessage::hasStreamPublished, WAIT);
        assertThat(seen.getStreamPublished().getStream().getStreamId())
                .isEqualTo(published.getStreamPublished().getStream().getStreamId());
        assertThat(seen.getStreamPublished().getStream().getParticipantId()).isEqualTo(ann.toString());

        bobClient.leave();
        ServerMessage bobGone = annClient.await(ServerMessage::hasParticipantLeft, WAIT);
        assertThat(bobGone.getParticipantLeft().getParticipantId()).isEqualTo(bob.toString());
        assertThat(bobGone.getParticipantLeft().getReason()).isEqualTo("voluntary");
        assertThat(bobClient.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS).code()).isEqualTo(CloseCodes.LEFT);

        // a third participant learns the meeting as it is now: Ann with her stream
        UUID cid = UUID.randomUUID();
        MediaClient carol = connect();
        JoinResponse carolJoined = join(carol, meeting, cid, "Carol").getJoinResponse();
        assertThat(names(carolJoined)).containsExactly("Ann");
        assertThat(carolJoined.getParticipants(0).getStreamsList()).hasSize(1);

        // Ann's connection drops without a word: she leaves with connection_lost
        annClient.abort();
        ServerMessage annGone = carol.await(ServerMessage::hasParticipantLeft, WAIT);
        assertThat(annGone.getParticipantLeft().getParticipantId()).isEqualTo(ann.toString());
        assertThat(annGone.getParticipantLeft().getReason()).isEqualTo("connection_lost");
        assertThat(redis.exists(RedisKeys.presence(cid))).isEqualTo(1);
    }

    private static io.netty.buffer.ByteBuf frame(long userId, int streamId, long sequence, byte[] payload) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(MediaFrameHeader.SIZE + payload.length);
        new MediaFrameHeader(FrameType.VIDEO_DELTA, userId, streamId, sequence * 33_000, sequence, payload.length,
                MediaFrameHeader.END_OF_FRAME).write(buffer);
        buffer.put(payload).flip();
        return io.netty.buffer.Unpooled.wrappedBuffer(buffer);
    }

    /** Ann (publishing one stream as {@code mediaStreamId}) and Bob (its subscriber through a grid) in a new meeting. */
    private record AnnToBob(UUID ann, MediaClient annClient, long annUser, MediaClient bobClient, String stream,
                            StreamAssignments assignments) {
    }

    private AnnToBob annPublishesToBob(int mediaStreamId, int columns, int rows) throws Exception {
        UUID meeting = meeting();
        UUID ann = UUID.randomUUID();
        MediaClient annClient = connect();
        long annUser = join(annClient, meeting, ann, "Ann").getJoinResponse().getMediaUserId();
        MediaClient bobClient = connect();
        assertThat(join(bobClient, meeting, UUID.randomUUID(), "Bob").hasJoinResponse()).isTrue();
        ServerMessage published = annClient.publish("video_camera", "VP9", 1_500_000, mediaStreamId, WAIT);
        String stream = published.getStreamPublished().getStream().getStreamId();
        bobClient.await(ServerMessage::hasStreamPublished, WAIT);
        int asked = bobClient.send(ClientMessage.newBuilder().setSubscribe(SubscribeToLayout.newBuilder()
                .setLayout(GridLayout.newBuilder().setColumns(columns).setRows(rows))));
        return new AnnToBob(ann, annClient, annUser, bobClient, stream, bobClient.answer(asked, WAIT).getStreamAssignments());
    }

    /**
     * The route follows the StreamSubscribed event: Ann sends one-byte probe datagrams on that stream until one reaches
     * Bob. The first sequence number after the probes.
     */
    private static long probeUntilRouted(AnnToBob pair, int mediaStreamId) throws Exception {
        long sequence = 0;
        long deadline = System.nanoTime() + WAIT.toNanos();
        byte[] first = null;
        while (first == null && System.nanoTime() < deadline) {
            pair.annClient().sendDatagram(frame(pair.annUser(), mediaStreamId, sequence++, new byte[] {1}));
            first = pair.bobClient().datagram(Duration.ofMillis(100));
        }
        assertThat(first).as("no frame forwarded").isNotNull();
        return sequence;
    }

    @Test
    void aSubscriberReceivesEveryFrameInOrderWithItsOwnStreamIdThroughAGridLayout() throws Exception {
        AnnToBob pair = annPublishesToBob(7, 2, 2);
        MediaClient annClient = pair.annClient();
        long annUser = pair.annUser();
        MediaClient bobClient = pair.bobClient();
        assertThat(pair.assignments().getAssignmentsList()).singleElement().satisfies(a -> {
            assertThat(a.getStreamId()).isEqualTo(pair.stream());
            assertThat(a.getParticipantId()).isEqualTo(pair.ann().toString());
            assertThat(a.getMediaUserId()).isEqualTo(annUser);
            assertThat(a.getSlot()).isZero();
        });
        int bobsId = pair.assignments().getAssignments(0).getMediaStreamId();

        long from = probeUntilRouted(pair, 7);
        int count = 200;
        byte[] payload = new byte[1000];
        new java.util.Random(1).nextBytes(payload);
        for (int i = 0; i < count; i++) {
            annClient.sendDatagram(frame(annUser, 7, from + i, payload));
            if (i % 20 == 19) {
                Thread.sleep(2);
            }
        }
        List<Long> sequences = new ArrayList<>();
        while (sequences.size() < count) {
            byte[] got = bobClient.datagram(Duration.ofSeconds(5));
            assertThat(got).as("frames received: %s", sequences.size()).isNotNull();
            MediaFrameHeader header = MediaFrameHeader.read(java.nio.ByteBuffer.wrap(got)).orElseThrow();
            if (header.sequence() < from) {
                continue;   // a probe
            }
            assertThat(header.streamId()).isEqualTo(bobsId);
            assertThat(header.userId()).isEqualTo(annUser);
            assertThat(java.util.Arrays.copyOfRange(got, MediaFrameHeader.SIZE, got.length)).isEqualTo(payload);
            sequences.add(header.sequence());
        }
        assertThat(sequences).isSorted().doesNotHaveDuplicates().hasSize(count);
        assertThat(sequences.getFirst()).isEqualTo(from);

        // a frame claiming another user is not forwarded
        annClient.sendDatagram(frame(annUser + 1, 7, from + count, payload));
        assertThat(bobClient.datagram(Duration.ofMillis(300))).isNull();
    }

    @Test
    void framesOnAMediaStreamReachTheSubscribersStreamAndBothHearTheStreamsQuality() throws Exception {
        AnnToBob pair = annPublishesToBob(9, 1, 1);
        MediaClient annClient = pair.annClient();
        long annUser = pair.annUser();
        MediaClient bobClient = pair.bobClient();
        String stream = pair.stream();
        int bobsId = pair.assignments().getAssignments(0).getMediaStreamId();

        long sequence = probeUntilRouted(pair, 9);

        // a group of pictures on one stream: frames larger than a datagram, one sequence number skipped (lost)
        io.netty.handler.codec.quic.QuicStreamChannel gop = annClient.openMediaStream(WAIT);
        byte[] payload = new byte[5000];
        new java.util.Random(2).nextBytes(payload);
        long from = sequence + 100;
        List<Long> sent = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            long seq = from + i + (i >= 10 ? 1 : 0);
            annClient.sendOnStream(gop, frame(annUser, 9, seq, payload));
            sent.add(seq);
        }
        annClient.finishMediaStream(gop);
        List<Long> received = new ArrayList<>();
        while (received.size() < sent.size()) {
            byte[] got = bobClient.streamFrame(Duration.ofSeconds(5));
            assertThat(got).as("frames received on streams: %s", received.size()).isNotNull();
            MediaFrameHeader header = MediaFrameHeader.read(java.nio.ByteBuffer.wrap(got)).orElseThrow();
            assertThat(header.streamId()).isEqualTo(bobsId);
            assertThat(java.util.Arrays.copyOfRange(got, MediaFrameHeader.SIZE, got.length)).isEqualTo(payload);
            received.add(header.sequence());
        }
        assertThat(received).isEqualTo(sent);

        // the figures: to the publisher and to the subscriber, with the gaps counted as lost
        long gopBytes = 30L * (MediaFrameHeader.SIZE + payload.length);
        java.util.function.Predicate<ServerMessage> settled = m -> m.hasStreamQuality()
                && m.getStreamQuality().getStreamId().equals(stream) && m.getStreamQuality().getBytes() >= gopBytes;
        ServerMessage annHears = annClient.await(settled, WAIT);
        assertThat(annHears.getStreamQuality().getLost()).isGreaterThanOrEqualTo(1);
        assertThat(annHears.getStreamQuality().getFrames()).isGreaterThanOrEqualTo(30);
        ServerMessage bobHears = bobClient.await(settled, WAIT);
        assertThat(bobHears.getStreamQuality().getLost()).isEqualTo(annHears.getStreamQuality().getLost());
        assertThat(io.micrometer.core.instrument.Metrics.globalRegistry.find("darktower.media.frames.lost").functionCounters())
                .anySatisfy(c -> assertThat(c.count()).isGreaterThanOrEqualTo(1));
    }

    @Test
    void aUsedUnknownOrExpiredTokenIsRefused() throws Exception {
        UUID meeting = meeting();
        UUID first = UUID.randomUUID();
        String token = token(meeting, first);
        assertThat(connect().join(token, joinToken(meeting, first), "First", WAIT).hasJoinResponse()).isTrue();

        MediaClient again = connect();
        ServerMessage reused = again.join(token, joinToken(meeting, first), "Second", WAIT);
        assertThat(reused.getError().getCode()).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(again.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS).code()).isEqualTo(CloseCodes.REFUSED);

        UUID late = UUID.randomUUID();
        String expiring = token(meeting, late);
        redis.pexpire(RedisKeys.webTransportToken(expiring), 1);
        Thread.sleep(20);
        MediaClient lateClient = connect();
        assertThat(lateClient.join(expiring, joinToken(meeting, late), "Late", WAIT).getError().getCode())
                .isEqualTo(ErrorCode.UNAUTHORIZED);

        MediaClient stranger = connect();
        assertThat(stranger.join("no-such-token", joinToken(meeting, UUID.randomUUID()), "Stranger", WAIT).getError().getCode())
                .isEqualTo(ErrorCode.UNAUTHORIZED);
    }

    /** Joins with a valid connection token and {@code joinToken}: the answer, and how the session ended. */
    private Map.Entry<ServerMessage, Long> refusedJoin(UUID meeting, UUID participant, String joinToken) throws Exception {
        MediaClient client = connect();
        ServerMessage answer = client.join(token(meeting, participant), joinToken, "Refused", WAIT);
        return Map.entry(answer, client.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS).code());
    }

    @Test
    void aMissingBadExpiredForeignOrOtherMeetingsJoinTokenIsRefused() throws Exception {
        UUID meeting = meeting();
        UUID other = meeting();
        UUID participant = UUID.randomUUID();
        Instant now = Instant.now();
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();

        Map<String, String> unauthorized = new java.util.LinkedHashMap<>();
        unauthorized.put("missing", "");
        unauthorized.put("not a JWT", "not-a-jwt");
        unauthorized.put("expired", AccessTokenFormat.sign(signingKey, ISSUER, participantClaims(meeting, participant),
                now.minusSeconds(600), now.minusSeconds(1)));
        unauthorized.put("signed by a key the gateway does not have", AccessTokenFormat.sign(stranger, ISSUER,
                participantClaims(meeting, participant), now, now.plusSeconds(600)));
        unauthorized.put("another issuer", AccessTokenFormat.sign(signingKey, "elsewhere",
                participantClaims(meeting, participant), now, now.plusSeconds(600)));
        String valid = joinToken(meeting, participant);
        unauthorized.put("tampered", valid.substring(0, valid.lastIndexOf('.') - 2) + "xx" + valid.substring(valid.lastIndexOf('.')));
        for (Map.Entry<String, String> refused : unauthorized.entrySet()) {
            Map.Entry<ServerMessage, Long> outcome = refusedJoin(meeting, UUID.randomUUID(), refused.getValue());
            assertThat(outcome.getKey().getError().getCode()).as(refused.getKey()).isEqualTo(ErrorCode.UNAUTHORIZED);
            assertThat(outcome.getValue()).as(refused.getKey()).isEqualTo((long) CloseCodes.REFUSED);
        }

        Map<String, String> forbidden = new java.util.LinkedHashMap<>();
        forbidden.put("another meeting's", joinToken(other, participant));
        forbidden.put("another participant's", joinToken(meeting, UUID.randomUUID()));
        forbidden.put("a guest token, not a join token", AccessTokenFormat.sign(signingKey, ISSUER,
                new AccessTokenFormat.Claims("guest", UUID.randomUUID().toString(), null, Set.of(), null, meeting, null),
                now, now.plusSeconds(600)));
        for (Map.Entry<String, String> refused : forbidden.entrySet()) {
            Map.Entry<ServerMessage, Long> outcome = refusedJoin(meeting, participant, refused.getValue());
            assertThat(outcome.getKey().getError().getCode()).as(refused.getKey()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(outcome.getValue()).as(refused.getKey()).isEqualTo((long) CloseCodes.REFUSED);
        }

        // nobody of those joined; the right pair of tokens still does
        assertThat(join(connect(), meeting, participant, "Right").hasJoinResponse()).isTrue();
    }

    @Test
    void outOfOrderAndMalformedMessagesGetAnErrorAndTheNodeCarriesOn() throws Exception {
        MediaClient early = connect();
        int id = early.send(ClientMessage.newBuilder().setUnsubscribe(UnsubscribeLayout.getDefaultInstance()));
        assertThat(early.answer(id, WAIT).getError().getCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
        SessionClose closed = early.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(closed.code()).isEqualTo(CloseCodes.PROTOCOL_ERROR);

        MediaClient garbage = connect();
        garbage.sendRaw(new byte[] {0, 0, 0, 5, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        assertThat(garbage.await(ServerMessage::hasError, WAIT).getError().getCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(garbage.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS).code()).isEqualTo(CloseCodes.PROTOCOL_ERROR);

        MediaClient oversized = connect();
        oversized.sendRaw(new byte[] {0x7f, 0, 0, 0});
        assertThat(oversized.await(ServerMessage::hasError, WAIT).getError().getCode()).isEqualTo(ErrorCode.INVALID_REQUEST);

        // the node still serves
        MediaClient fine = connect();
        assertThat(join(fine, meeting(), UUID.randomUUID(), "Fine").hasJoinResponse()).isTrue();
    }

    @Test
    void theCertificateHashIsServedOverPlainHttp() throws Exception {
        MediaNode media = node.getBean(MediaNode.class);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + media.httpPort() + "/certificate.sha256")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(media.certificate().sha256Hex());
        assertThat(response.headers().firstValue("access-control-allow-origin")).hasValue("*");
        Duration validity = Duration.between(media.certificate().leaf().getNotBefore().toInstant(),
                media.certificate().leaf().getNotAfter().toInstant());
        assertThat(validity).isLessThanOrEqualTo(Duration.ofDays(14));
        assertThat(media.certificate().leaf().getPublicKey().getAlgorithm()).isEqualTo("EC");
    }
}
