package io.darktower.platform;

import io.darktower.devstack.DevStack;
import io.darktower.devstack.DevStackConfig;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.Failures;
import io.darktower.devstack.Infrastructure;
import io.darktower.gateway.auth.TokenHashes;
import io.darktower.medianode.node.MediaNode;
import io.darktower.platform.audit.AuditCommand;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The one-command local run: embedded Kafka (KRaft), PostgreSQL and Redis (or external ones, see
 * {@link DevStackConfig}), then the platform on them. Prints where everything answers; Ctrl-C (or SIGTERM) stops it
 * all. A start that fails stops whatever had started, prints one line to stderr and exits with 1.
 * The same from {@code spring-boot:run} and from {@code java -jar platform/target/platform-*.jar}: temporary files
 * and the unpacked PostgreSQL go under {@code .darktower/} of the working directory unless set otherwise.
 */
public final class DarkTowerLocal {

    static final String DEV_NODES = "dev-nodes";

    private DarkTowerLocal() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && args[0].equals("audit")) {   // the auditor's commands: nothing of the platform starts
            System.exit(AuditCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        try {
            settingsFrom(args).forEach(System::setProperty);
        } catch (IllegalArgumentException e) {
            System.err.println("Dark Tower did not start: " + e.getMessage());
            System.exit(2);
        }
        Running running = new Running();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (running.isUp()) {
                System.out.println("Dark Tower stopping...");
                running.stop();
                System.out.println("Dark Tower stopped.");
            } else {
                running.stop();
            }
        }, "darktower-stop"));
        long t0 = System.nanoTime();
        try {
            useWorkingDirectoryForScratch();
            int httpPort = Integer.parseInt(System.getenv().getOrDefault("DARKTOWER_HTTP_PORT", "8080"));
            Infrastructure infrastructure = running.add(DevStack.start(DevStackConfig.forLocalRun()));
            String nodesSecret = TokenHashes.randomToken("dev_");
            Platform platform = running.add(Platform.start(infrastructure.endpoints(), httpPort, "darktower_relay",
                    devServiceClient(nodesSecret)));
            System.out.println(banner(infrastructure.endpoints(), platform.httpPort(), platform.managementPort(),
                    platform.mediaNode() == null ? null : platform.mediaNode().getBean(MediaNode.class),
                    (System.nanoTime() - t0) / 1_000_000));
            System.out.println(devCredentials(platform.httpPort(), nodesSecret));
        } catch (Exception | Error e) {
            running.stop();
            System.err.println("Dark Tower did not start: " + Failures.oneLine(e));
            System.exit(1);
        }
        running.awaitStop();
    }

    /**
     * Settings given on the command line ({@code --darktower.rate-limits.enabled=false}, as a Spring Boot application
     * takes them), for every application context the platform starts: they become system properties, which each
     * context's environment reads above its own configuration files.
     */
    static Map<String, String> settingsFrom(String... args) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 3) {
                throw new IllegalArgumentException("arguments are settings like --darktower.rate-limits.enabled=false, not " + arg);
            }
            settings.put(arg.substring(2, equals), arg.substring(equals + 1));
        }
        return settings;
    }

    /** @param media the platform's media node, or null for none */
    static String banner(Endpoints endpoints, int httpPort, int managementPort, MediaNode media, long startMillis) {
        return String.join(System.lineSeparator(),
                "",
                "Dark Tower is up in " + startMillis + " ms. Ctrl-C stops it.",
                "  Gateway     http://localhost:" + httpPort + "/api/v1/meetings",
                "  Operations  http://127.0.0.1:" + managementPort + "/actuator/health  (and /actuator/projections, /actuator/metrics)",
                media == null ? "  Media node  none" : mediaNodeLine(media),
                endpoints.describe(),
                "  Try         curl -s -X POST localhost:" + httpPort
                        + "/api/v1/users -H 'Content-Type: application/json'"
                        + " -d '{\"email\":\"me@example.com\",\"displayName\":\"Me\",\"password\":\"a long password\"}'",
                "              curl -s -X POST localhost:" + httpPort
                        + "/api/v1/auth/token -d grant_type=password -d username=me@example.com --data-urlencode 'password=a long password'",
                "");
    }

    /** The media node's WebTransport URL (UDP) and where its certificate's hash is served (TCP). */
    static String mediaNodeLine(MediaNode media) {
        return "  Media node  " + media.endpoint() + "  (WebTransport, udp " + media.udpPort() + ")  certificate hash "
                + (media.httpPort() < 0 ? "not served" : "http://localhost:" + media.httpPort() + "/certificate.sha256");
    }

    /**
     * The node fleet's service client of this run ({@code dev-nodes}, scope {@code nodes}): a new secret every start,
     * configured by its hash only, printed once so an operator can register nodes with the client-credentials grant.
     * Unless {@code darktower.auth.service-clients} is configured otherwise.
     */
    static Map<String, Object> devServiceClient(String secret) {
        return Map.of("darktower.auth.service-clients." + DEV_NODES + ".secret-sha256", TokenHashes.sha256(secret),
                "darktower.auth.service-clients." + DEV_NODES + ".scopes", "nodes");
    }

    static String devCredentials(int httpPort, String nodesSecret) {
        return String.join(System.lineSeparator(),
                "  Dev nodes   client_id=" + DEV_NODES + " client_secret=" + nodesSecret
                        + "  (this run only: curl -s -X POST localhost:" + httpPort
                        + "/api/v1/auth/token -d grant_type=client_credentials -d client_id=" + DEV_NODES + " -d client_secret=…)",
                "");
    }

    /**
     * {@code java -jar} starts with {@code /tmp} as {@code java.io.tmpdir}; the local run keeps its scratch files
     * beside its data instead, as {@code spring-boot:run} is told to. A value given with {@code -D} is kept.
     */
    private static void useWorkingDirectoryForScratch() throws IOException {
        boolean tmpdirGiven = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(argument -> argument.startsWith("-Djava.io.tmpdir="));
        if (!tmpdirGiven) {
            System.setProperty("java.io.tmpdir", Path.of(".darktower/tmp").toAbsolutePath().toString());
        }
        if (System.getProperty("ot.epg.working-dir") == null) {
            System.setProperty("ot.epg.working-dir", Path.of(".darktower/embedded-pg").toAbsolutePath().toString());
        }
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** What has started, stopped newest first and only once: by a failed start or by the shutdown hook. */
    private static final class Running {

        private final Deque<AutoCloseable> started = new ArrayDeque<>();
        private final CountDownLatch stopped = new CountDownLatch(1);
        private boolean stopping;

        synchronized <T extends AutoCloseable> T add(T service) {
            started.push(service);
            return service;
        }

        synchronized boolean isUp() {
            return !stopping && started.stream().anyMatch(Platform.class::isInstance);
        }

        synchronized void stop() {
            if (stopping) {
                return;
            }
            stopping = true;
            try {
                while (!started.isEmpty()) {
                    AutoCloseable service = started.pop();
                    try {
                        service.close();
                    } catch (Exception e) {
                        System.err.println("failed to stop " + service.getClass().getSimpleName() + ": " + Failures.oneLine(e));
                    }
                }
            } finally {
                stopped.countDown();
            }
        }

        void awaitStop() throws InterruptedException {
            stopped.await();
        }
    }
}
