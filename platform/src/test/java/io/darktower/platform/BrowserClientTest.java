package io.darktower.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.darktower.media.FrameType;
import io.darktower.media.MediaFrameHeader;
import io.darktower.medianode.client.MediaClient;
import io.darktower.medianode.node.MediaNode;
import io.darktower.signaling.ClientMessage;
import io.darktower.signaling.GridLayout;
import io.darktower.signaling.JoinResponse;
import io.darktower.signaling.Participant;
import io.darktower.signaling.ServerMessage;
import io.darktower.signaling.StreamAssignment;
import io.darktower.signaling.SubscribeToLayout;
import io.netty.buffer.Unpooled;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * The browser page (gateway {@code /app/}) in a real headless Chromium, driven by playwright-core from
 * {@code src/test/resources/browser/drive.js}: it joins a meeting as a guest by its code, connects to the media node
 * over WebTransport, sees a Java {@link MediaClient} participant arrive, and the two exchange frames both ways through
 * the node's grid layouts; then the Java participant leaves and the page sees it go. The page's screenshot is saved as
 * {@code target/browser-client.png}.
 *
 * <p>Needs {@code /usr/bin/chromium} (or {@code CHROMIUM}) and {@code node}/{@code npm}; playwright-core is installed
 * into a cache outside the repository ({@code DARKTOWER_BROWSER_TEST_CACHE}, default
 * {@code ~/.cache/darktower/browser-test}). Without them the test is skipped and says why.
 */
class BrowserClientTest {

    private static final String PLAYWRIGHT = "playwright-core@1.65.1";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int FRAMES = 30;
    private static final int PICTURE_BYTES = 20 * 15 * 3;
    private static final int JAVA_STREAM = 5;

    private static RunningPlatform running;

    @BeforeAll
    static void start() {
        running = RunningPlatform.start("platform_browser");
    }

    @AfterAll
    static void stop() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void aBrowserJoinsByCodeAndExchangesFramesWithAJavaParticipant() throws Exception {
        String chromium = Optional.ofNullable(System.getenv("CHROMIUM")).orElse("/usr/bin/chromium");
        assumeTrue(Files.isExecutable(Path.of(chromium)),
                "browser test skipped: no Chromium at " + chromium + " (apt-get install -y chromium, or set CHROMIUM)");
        assumeTrue(runs("node", "--version"), "browser test skipped: no node on the PATH (apt-get install -y nodejs npm)");
        Path modules = playwright();

        Map<?, ?> created = running.http.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", "Browser test", "maxParticipants", 10))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        String meetingCode = (String) created.get("meetingCode");

        MediaNode node = running.platform.mediaNode().getBean(MediaNode.class);
        String pageUrl = "http://localhost:" + running.platform.httpPort() + "/app/?wt="
                + "https://127.0.0.1:" + node.udpPort() + node.path()
                + "&cert=http://127.0.0.1:" + node.httpPort() + "/certificate.sha256";
        Path screenshot = Path.of("target", "browser-client.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        Path driver = Files.createTempFile("drive", ".js");
        try (InputStream in = BrowserClientTest.class.getResourceAsStream("/browser/drive.js")) {
            Files.write(driver, in.readAllBytes());
        }
        ProcessBuilder builder = new ProcessBuilder("node", driver.toString(), pageUrl, meetingCode, screenshot.toString())
                .redirectErrorStream(true);
        builder.environment().put("NODE_PATH", modules.toString());
        builder.environment().put("CHROMIUM", chromium);
        Process browser = builder.start();
        Lines lines = new Lines(browser.getInputStream());
        AtomicBoolean publishing = new AtomicBoolean(true);
        MediaClient java = null;
        try {
            String joined = lines.await("JOINED ");
            assertThat(joined).as("the page joined").contains("\"phase\":\"joined\"");

            // the Java participant joins through the gateway, then connects to the node with the join's wtToken and joinToken
            Map<?, ?> join = running.http.post().uri("/api/v1/meetings/{id}/participants", created.get("meetingId"))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("displayName", "Java Jo"))
                    .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
            java = MediaClient.connect(new InetSocketAddress("127.0.0.1", node.udpPort()), node.path(),
                    node.certificate().sha256(), WAIT);
            JoinResponse javaJoined = java.join((String) join.get("wtToken"), (String) join.get("joinToken"), "Java Jo", WAIT)
                    .getJoinResponse();
            Participant bea = javaJoined.getParticipantsList().stream()
                    .filter(p -> p.getDisplayName().equals("Browser Bea")).findFirst().orElseThrow();
            assertThat(lines.await("SEES ")).as("the page lists the Java participant live").contains("Java Jo");

            // the Java participant publishes, and subscribes through a 2 x 2 grid: Bea's stream gets a slot
            java.publish("video_camera", "VP8", 500_000, JAVA_STREAM, WAIT);
            java.send(ClientMessage.newBuilder().setSubscribe(SubscribeToLayout.newBuilder()
                    .setLayout(GridLayout.newBuilder().setColumns(2).setRows(2))));
            StreamAssignment beaTile = null;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (beaTile == null && System.nanoTime() < deadline) {
                ServerMessage m = java.await(ServerMessage::hasStreamAssignments, WAIT);
                beaTile = m.getStreamAssignments().getAssignmentsList().stream()
                        .filter(a -> a.getParticipantId().equals(bea.getParticipantId()) && !a.getStreamId().isEmpty())
                        .findFirst().orElse(null);
            }
            assertThat(beaTile).as("Bea's stream assigned to the Java participant's grid").isNotNull();

            long javaUser = javaJoined.getMediaUserId();
            MediaClient sender = java;
            Thread publisher = Thread.ofVirtual().start(() -> publish(sender, javaUser, publishing));

            List<Long> sequences = new ArrayList<>();
            while (sequences.size() < FRAMES) {
                byte[] got = java.datagram(WAIT);
                assertThat(got).as("frames from the browser so far: %s", sequences.size()).isNotNull();
                MediaFrameHeader header = MediaFrameHeader.read(ByteBuffer.wrap(got)).orElseThrow();
                assertThat(header.userId()).isEqualTo(bea.getMediaUserId());
                assertThat(header.streamId()).isEqualTo(beaTile.getMediaStreamId());
                assertThat(header.payloadLength()).isEqualTo(PICTURE_BYTES);
                sequences.add(header.sequence());
            }
            assertThat(sequences).as("the browser's frames in order").isSorted().doesNotHaveDuplicates();

            String frames = lines.await("FRAMES ");
            assertThat(frames).as("the page rendered the Java participant's frames, none out of order")
                    .contains("\"outOfOrder\":0").contains("\"label\":\"Java Jo · ");
            publishing.set(false);
            publisher.join();
            java.leave();
            assertThat(lines.await("LEFT_SEEN ")).contains("\"participants\":[{");
            assertThat(lines.await("RESULT ")).contains("\"ok\":true");
            assertThat(browser.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(browser.exitValue()).as(lines.all()).isZero();
            assertThat(screenshot).isNotEmptyFile();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n--- browser driver output ---\n" + lines.all(), e);
        } finally {
            publishing.set(false);
            if (java != null) {
                java.abort();
            }
            browser.destroyForcibly();
            Files.deleteIfExists(driver);
        }
    }

    /** A 20 x 15 RGB picture (the page's synthetic codec) per frame, 15 frames a second, until told to stop. */
    private static void publish(MediaClient client, long userId, AtomicBoolean publishing) {
        byte[] picture = new byte[PICTURE_BYTES];
        for (long sequence = 0; publishing.get(); sequence++) {
            for (int i = 0; i < picture.length; i += 3) {
                int x = (i / 3) % 20, y = (i / 3) / 20;
                boolean light = ((x + sequence) / 4 + y / 4) % 2 == 0;
                picture[i] = (byte) (light ? 240 : 20);
                picture[i + 1] = (byte) (light ? 200 : 60);
                picture[i + 2] = (byte) (light ? 40 : 140);
            }
            ByteBuffer frame = ByteBuffer.allocate(MediaFrameHeader.SIZE + picture.length);
            new MediaFrameHeader(FrameType.VIDEO_DELTA, userId, JAVA_STREAM, System.nanoTime() / 1000, sequence,
                    picture.length, MediaFrameHeader.END_OF_FRAME).write(frame);
            frame.put(picture).flip();
            client.sendDatagram(Unpooled.wrappedBuffer(frame));
            try {
                Thread.sleep(66);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** playwright-core in the cache (installed once with npm); the test is skipped when it cannot be installed. */
    private static Path playwright() throws IOException, InterruptedException {
        Path cache = Path.of(Optional.ofNullable(System.getenv("DARKTOWER_BROWSER_TEST_CACHE"))
                .orElse(System.getProperty("user.home") + "/.cache/darktower/browser-test"));
        Path modules = cache.resolve("node_modules");
        if (!Files.isDirectory(modules.resolve("playwright-core"))) {
            Files.createDirectories(cache);
            Process npm = new ProcessBuilder("npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix",
                    cache.toString(), PLAYWRIGHT).redirectErrorStream(true).start();
            String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean done = npm.waitFor(5, TimeUnit.MINUTES) && npm.exitValue() == 0;
            assumeTrue(done && Files.isDirectory(modules.resolve("playwright-core")),
                    "browser test skipped: npm could not install " + PLAYWRIGHT + " into " + cache + ": " + out);
        }
        return modules;
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The driver's output, line by line, as it comes. */
    private static final class Lines {
        private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        private final StringBuffer all = new StringBuffer();

        Lines(InputStream in) {
            Thread.ofVirtual().start(() -> {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String line; (line = reader.readLine()) != null; ) {
                        all.append(line).append('\n');
                        queue.add(line);
                    }
                } catch (IOException e) {
                    all.append("(output ended: ").append(e).append(")\n");
                }
            });
        }

        /** The next line that starts with {@code prefix}; a RESULT line that is not ok fails at once. */
        String await(String prefix) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                String line = queue.poll(100, TimeUnit.MILLISECONDS);
                if (line == null) {
                    continue;
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
                if (line.startsWith("RESULT ") || line.startsWith("DRIVER ERROR")) {
                    throw new AssertionError("the browser gave up before " + prefix.trim() + ": " + line);
                }
            }
            throw new AssertionError("no " + prefix.trim() + " from the browser within " + WAIT);
        }

        String all() {
            return all.toString();
        }
    }
}
