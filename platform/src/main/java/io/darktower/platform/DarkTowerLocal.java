package io.darktower.platform;

import io.darktower.devstack.DevStack;
import io.darktower.devstack.DevStackConfig;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.Infrastructure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The one-command local run: embedded Kafka (KRaft), PostgreSQL and Redis (or external ones, see
 * {@link DevStackConfig}), then the platform on them. Prints where everything answers; Ctrl-C stops it all.
 */
public final class DarkTowerLocal {

    private DarkTowerLocal() {
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        int httpPort = Integer.parseInt(System.getenv().getOrDefault("DARKTOWER_HTTP_PORT", "8080"));
        Infrastructure infrastructure = DevStack.start(DevStackConfig.forLocalRun());
        Platform platform;
        try {
            platform = Platform.start(infrastructure.endpoints(), httpPort, "darktower_relay");
        } catch (RuntimeException e) {
            infrastructure.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Dark Tower stopping...");
            try {
                platform.close();
            } finally {
                infrastructure.close();
                stopped.countDown();
                System.out.println("Dark Tower stopped.");
            }
        }, "darktower-stop"));
        System.out.println(banner(infrastructure.endpoints(), platform.httpPort(), (System.nanoTime() - t0) / 1_000_000));
        stopped.await();
    }

    static String banner(Endpoints endpoints, int httpPort, long startMillis) {
        return String.join(System.lineSeparator(),
                "",
                "Dark Tower is up in " + startMillis + " ms. Ctrl-C stops it.",
                "  Gateway     http://localhost:" + httpPort + "/api/v1/meetings",
                endpoints.describe(),
                "  Try         curl -s -X POST localhost:" + httpPort
                        + "/api/v1/meetings -H 'Content-Type: application/json' -d '{\"displayName\":\"Standup\"}'",
                "");
    }
}
