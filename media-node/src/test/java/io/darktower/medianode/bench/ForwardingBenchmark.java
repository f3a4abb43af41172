package io.darktower.medianode.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.darktower.commands.meeting.CreateMeeting;
import io.darktower.devstack.Databases;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.darktower.events.meeting.MeetingSettings;
import io.darktower.media.FrameType;
import io.darktower.media.MediaFrameHeader;
import io.darktower.medianode.TestNodes;
import io.darktower.medianode.client.MediaClient;
import io.darktower.medianode.node.MediaNode;
import io.darktower.medianode.webtransport.WebTransportServer;
import io.darktower.queries.webtransport.WebTransportTokens;
import io.darktower.signaling.ClientMessage;
import io.darktower.signaling.GridLayout;
import io.darktower.signaling.ServerMessage;
import io.darktower.signaling.SubscribeToLayout;
import io.lettuce.core.RedisClient;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The media node's datagram forwarding, measured in the manner of the IETF MoQ relay benchmark methodology
 * (draft-evens-moq-bench): fixed publishing profiles (audio only, audio + video, a 1150-byte datagram stream, and
 * multi-participant conferencing), each publisher paced at its profile's rate, subscribers counting what arrives; per
 * run it reports forwarded datagrams per second, the node's CPU time per forwarded copy, heap bytes the node allocated
 * per copy, loss, and forwarding latency percentiles, as JSON on stdout and in
 * {@code media-node/target/media-forwarding-bench.json}.
 *
 * <p>The node runs on the embedded stack in this JVM with its clients (the Java {@link MediaClient}); the node's CPU is
 * the CPU time of its own event-loop threads ({@link WebTransportServer#THREAD_PREFIX}), where every datagram is read,
 * checked, copied per subscriber and written (QUIC encryption included); the process's CPU (clients too) is reported
 * beside it. Latency is from the publisher's send call (the frame's timestamp) to the subscriber's read, both on this
 * machine's monotonic clock: it includes both clients' QUIC stacks and the loopback.
 *
 * <p>Not part of the build's tests: run it with
 * {@code ./mvnw -B -q -o -pl media-node -am test -Dtest=ForwardingBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Ddarktower.bench=true}
 * (docs/benchmarks.md, "Media forwarding"); {@code -Ddarktower.bench.fanout=1,10,50}, {@code -Ddarktower.bench.meetings=20},
 * {@code -Ddarktower.bench.seconds=8} and {@code -Ddarktower.bench.warmup-seconds=3} change the runs.
 */
class ForwardingBenchmark {

    private static final Duration JOIN_WAIT = Duration.ofSeconds(30);
    private static final long WARMUP_NANOS = Duration.ofSeconds(Long.getLong("darktower.bench.warmup-seconds", 3)).toNanos();
    private static final long MEASURE_NANOS = Duration.ofSeconds(Long.getLong("darktower.bench.seconds", 8)).toNanos();
    private static final long DRAIN_NANOS = Duration.ofSeconds(1).toNanos();
    private static final int DATAGRAM = 1150;

    /** One kind of media a publisher sends: frames of {@code bytes} (header included) at {@code perSecond}. */
    record Track(String name, FrameType type, String streamType, String codec, int mediaStreamId, int bytes, double perSecond) {
        long bitrate() {
            return (long) (bytes * 8 * perSecond);
        }
    }

    static final Track AUDIO = new Track("audio", FrameType.AUDIO, "audio_microphone", "Opus", 1,
            MediaFrameHeader.SIZE + 160, 50);                           // Opus 64 kbit/s in 20 ms frames
    static final Track VIDEO = new Track("video", FrameType.VIDEO_DELTA, "video_camera", "VP9", 2,
            DATAGRAM, 1_500_000 / 8.0 / DATAGRAM);                      // 1.5 Mbit/s in 1150-byte datagrams
    static final Track BULK = new Track("datagrams-1150", FrameType.VIDEO_DELTA, "video_screen", "AV1", 3,
            DATAGRAM, 1_000);                                           // 1000 datagrams/s of 1150 bytes (9.2 Mbit/s)

    /** A profile: which tracks every publisher sends. */
    record Profile(String name, List<Track> tracks) {
    }

    static final Profile AUDIO_ONLY = new Profile("audio-only", List.of(AUDIO));
    static final Profile AUDIO_VIDEO = new Profile("audio+video", List.of(AUDIO, VIDEO));
    static final Profile DATAGRAMS = new Profile("datagrams-1150", List.of(BULK));
    static final Profile CONFERENCING = new Profile("conferencing", List.of(VIDEO));

    private ConfigurableApplicationContext node;
    private RedisClient redis;
    private WebTransportTokens tokens;
    private InetSocketAddress address;
    private byte[] hash;
    private String path;

    @Test
    void forwarding() throws Exception {
        assumeTrue(Boolean.getBoolean("darktower.bench"), "the forwarding benchmark runs only with -Ddarktower.bench=true");
        Endpoints db = Databases.create(SharedTestStack.endpoints(), "media_forwarding_bench");
        node = TestNodes.start(db, "media_forwarding_bench", "--darktower.media.http-port=-1", "--logging.level.root=WARN");
        redis = RedisClient.create(db.redisUri());
        tokens = new WebTransportTokens(redis.connect().reactive());
        MediaNode media = node.getBean(MediaNode.class);
        address = new InetSocketAddress("127.0.0.1", media.udpPort());
        hash = media.certificate().sha256();
        path = media.path();
        List<String> results = new ArrayList<>();
        try {
            for (String fanoutSize : System.getProperty("darktower.bench.fanout", "1,10,50").split(",")) {
                int subscribers = Integer.parseInt(fanoutSize.trim());
                Meeting fanout = fanout(subscribers);
                try {
                    for (Profile profile : List.of(AUDIO_ONLY, AUDIO_VIDEO, DATAGRAMS)) {
                        results.add(run(profile, "1 publisher -> " + subscribers + " subscribers", List.of(fanout)));
                    }
                } finally {
                    fanout.close();
                }
            }
            List<Meeting> conferences = new ArrayList<>();
            try {
                for (int i = 0; i < Integer.getInteger("darktower.bench.meetings", 20); i++) {
                    conferences.add(conference(5));
                }
                if (!conferences.isEmpty()) {
                    results.add(run(CONFERENCING, conferences.size() + " meetings x 5 participants, all publishing", conferences));
                }
            } finally {
                conferences.forEach(Meeting::close);
            }
        } finally {
            redis.shutdown();
            node.close();
        }
        String json = "{\n  \"benchmark\": \"media-forwarding\",\n  \"at\": \"" + Instant.now() + "\",\n  \"cores\": "
                + Runtime.getRuntime().availableProcessors() + ",\n  \"measureSeconds\": " + MEASURE_NANOS / 1_000_000_000
                + ",\n  \"runs\": [\n    " + String.join(",\n    ", results) + "\n  ]\n}\n";
        System.out.println(json);
        Files.writeString(Path.of("target", "media-forwarding-bench.json"), json);
    }

    // ------------------------------------------------------------------------------------------------ meetings

    /** A meeting's clients: who publishes, and who receives each publisher's frames (its fan-out). */
    record Meeting(List<Participant> publishers, List<Participant> everyone) implements AutoCloseable {
        @Override
        public void close() {
            everyone.forEach(p -> p.client.abort());
        }
    }

    record Participant(MediaClient client, long mediaUserId, int fanout) {
    }

    private UUID createMeeting(int capacity) {
        UUID id = UUID.randomUUID();
        node.getBean(CommandGateway.class).sendAndWait(new CreateMeeting(id, "b" + id.toString().substring(0, 8),
                "Forwarding benchmark", capacity, MeetingSettings.DEFAULTS, null, null, Instant.now()));
        return id;
    }

    private Participant join(UUID meeting, String name, int fanout) throws Exception {
        MediaClient client = MediaClient.connect(address, path, hash, JOIN_WAIT);
        UUID participant = UUID.randomUUID();
        String token = tokens.issue(participant, meeting, Instant.now()).block();
        ServerMessage joined = client.join(token, TestNodes.joinToken(meeting, participant), name, JOIN_WAIT);
        if (!joined.hasJoinResponse()) {
            throw new IllegalStateException("join refused: " + joined);
        }
        return new Participant(client, joined.getJoinResponse().getMediaUserId(), fanout);
    }

    private static void publishAll(Participant p, List<Track> tracks) throws Exception {
        for (Track t : tracks) {
            ServerMessage published = p.client.publish(t.streamType, t.codec, t.bitrate(), t.mediaStreamId, JOIN_WAIT);
            if (!published.hasStreamPublished()) {
                throw new IllegalStateException("publish refused: " + published);
            }
        }
    }

    private static void subscribe(Participant p, int columns, int rows) {
        p.client.send(ClientMessage.newBuilder().setSubscribe(SubscribeToLayout.newBuilder()
                .setLayout(GridLayout.newBuilder().setColumns(columns).setRows(rows))));
    }

    /** One publisher (every track) and {@code n} subscribers whose 1 x 1 grid shows it. */
    private Meeting fanout(int n) throws Exception {
        UUID meeting = createMeeting(n + 1);
        List<Participant> everyone = new ArrayList<>();
        Participant publisher = join(meeting, "publisher", n);
        everyone.add(publisher);
        publishAll(publisher, List.of(AUDIO, VIDEO, BULK));
        for (int i = 0; i < n; i++) {
            Participant s = join(meeting, "subscriber " + i, 0);
            everyone.add(s);
            subscribe(s, 1, 1);
        }
        return new Meeting(List.of(publisher), everyone);
    }

    /** {@code n} participants, each publishing video and seeing the others in a 2 x 2 grid. */
    private Meeting conference(int n) throws Exception {
        UUID meeting = createMeeting(n);
        List<Participant> everyone = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Participant p = join(meeting, "participant " + i, n - 1);
            everyone.add(p);
            publishAll(p, List.of(VIDEO));
        }
        everyone.forEach(p -> subscribe(p, 2, 2));
        return new Meeting(everyone, everyone);
    }

    // ------------------------------------------------------------------------------------------------ one run

    /** What subscribers saw of the frames stamped at or after {@code from} (µs of the monotonic clock). */
    private static final class Counts {
        volatile long from = Long.MAX_VALUE;
        final LongAdder received = new LongAdder();
        final LongAdder receivedAny = new LongAdder();
        final ConcurrentHistogram latencyMicros = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(10), 3);

        void accept(ByteBuf frame) {
            long now = System.nanoTime() / 1000;
            receivedAny.increment();
            long stamped = frame.getLong(frame.readerIndex() + MediaFrameHeader.TIMESTAMP_OFFSET);
            if (stamped >= from) {
                received.increment();
                latencyMicros.recordValue(Math.max(0, Math.min(now - stamped, latencyMicros.getHighestTrackableValue())));
            }
        }
    }

    private String run(Profile profile, String shape, List<Meeting> meetings) throws Exception {
        Counts counts = new Counts();
        for (Meeting m : meetings) {
            m.everyone().forEach(p -> p.client.onDatagram(counts::accept));
        }
        List<Participant> publishers = meetings.stream().flatMap(m -> m.publishers().stream()).toList();
        long[] sentInWindow = new long[1];
        long[] expectedInWindow = new long[1];

        long start = System.nanoTime();
        long measureFrom = start + WARMUP_NANOS;
        long measureTo = measureFrom + MEASURE_NANOS;
        Probe before = null;
        long[][] sent = new long[publishers.size()][profile.tracks().size()];
        long sequence = 0;
        boolean routed = false;
        while (true) {
            long now = System.nanoTime();
            if (before == null && now >= measureFrom) {
                routed = counts.receivedAny.sum() > 0;
                counts.from = now / 1000;
                before = Probe.take(counts);
            }
            if (now >= measureTo) {
                break;
            }
            for (int p = 0; p < publishers.size(); p++) {
                Participant publisher = publishers.get(p);
                for (int t = 0; t < profile.tracks().size(); t++) {
                    Track track = profile.tracks().get(t);
                    long due = (long) ((now - start) / 1e9 * track.perSecond) - sent[p][t];
                    for (long i = 0; i < due; i++) {
                        publisher.client.sendDatagram(frame(publisher.mediaUserId, track, sequence++));
                        sent[p][t]++;
                        if (before != null) {
                            sentInWindow[0]++;
                            expectedInWindow[0] += publisher.fanout;
                        }
                    }
                }
            }
            LockSupport.parkNanos(1_000_000);
        }
        Probe after = Probe.take(counts);
        LockSupport.parkNanos(DRAIN_NANOS);
        long received = counts.received.sum();
        stopCounting(meetings);
        return json(profile, shape, publishers.size(), routed, before, after, sentInWindow[0], expectedInWindow[0], received,
                counts);
    }

    private static void stopCounting(List<Meeting> meetings) {
        for (Meeting m : meetings) {
            m.everyone().forEach(p -> p.client.onDatagram(null));
        }
    }

    private static ByteBuf frame(long userId, Track track, long sequence) {
        ByteBuffer buffer = ByteBuffer.allocate(track.bytes);
        new MediaFrameHeader(track.type, userId, track.mediaStreamId, System.nanoTime() / 1000, sequence,
                track.bytes - MediaFrameHeader.SIZE, MediaFrameHeader.END_OF_FRAME).write(buffer);
        return Unpooled.wrappedBuffer(buffer.array());
    }

    /** CPU and allocation of the node's event loops and of the process, and copies received, at one instant. */
    record Probe(long nanos, long nodeCpuNanos, long nodeAllocatedBytes, long processCpuNanos, long received) {
        static Probe take(Counts counts) {
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long cpu = 0;
            long allocated = 0;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().startsWith(WebTransportServer.THREAD_PREFIX)) {
                    cpu += Math.max(0, threads.getThreadCpuTime(t.threadId()));
                    allocated += Math.max(0, threads.getThreadAllocatedBytes(t.threadId()));
                }
            }
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            return new Probe(System.nanoTime(), cpu, allocated, os.getProcessCpuTime(), counts.received.sum());
        }
    }

    /** The mean datagram size of a profile's frames, weighted by their rates. */
    private static double meanBytes(Profile profile) {
        return profile.tracks.stream().mapToDouble(t -> t.bytes * t.perSecond).sum()
                / profile.tracks.stream().mapToDouble(Track::perSecond).sum();
    }

    private static String json(Profile profile, String shape, int publishers, boolean routed, Probe before, Probe after,
                               long sent, long expected, long received, Counts counts) {
        double seconds = (after.nanos - before.nanos) / 1e9;
        long copies = after.received - before.received;
        double nodeCpuMicrosPerCopy = copies == 0 ? 0 : (after.nodeCpuNanos - before.nodeCpuNanos) / 1000.0 / copies;
        double processCpuMicrosPerCopy = copies == 0 ? 0 : (after.processCpuNanos - before.processCpuNanos) / 1000.0 / copies;
        double bytesPerCopy = copies == 0 ? 0 : (double) (after.nodeAllocatedBytes - before.nodeAllocatedBytes) / copies;
        double loss = expected == 0 ? 0 : Math.max(0, 1 - (double) received / expected);
        ConcurrentHistogram h = counts.latencyMicros;
        return String.format(Locale.ROOT, "{\"profile\": \"%s\", \"shape\": \"%s\", \"publishers\": %d, \"tracks\": \"%s\", "
                        + "\"routedBeforeMeasuring\": %s, \"sentDatagrams\": %d, \"expectedCopies\": %d, \"receivedCopies\": %d, "
                        + "\"forwardedDatagramsPerSecond\": %.0f, \"forwardedMbitPerSecond\": %.1f, "
                        + "\"nodeCpuMicrosPerCopy\": %.2f, \"processCpuMicrosPerCopy\": %.2f, \"nodeCpuCores\": %.2f, "
                        + "\"nodeHeapBytesPerCopy\": %.1f, \"loss\": %.5f, "
                        + "\"latencyMillis\": {\"p50\": %.3f, \"p99\": %.3f, \"max\": %.3f}}",
                profile.name, shape, publishers,
                String.join("+", profile.tracks.stream().map(t -> t.name + " " + t.bytes + " B x " + Math.round(t.perSecond) + "/s").toList()),
                routed, sent, expected, received, copies / seconds,
                copies / seconds * meanBytes(profile) * 8 / 1e6,
                nodeCpuMicrosPerCopy, processCpuMicrosPerCopy, (after.nodeCpuNanos - before.nodeCpuNanos) / 1e9 / seconds,
                bytesPerCopy, loss,
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0);
    }
}
