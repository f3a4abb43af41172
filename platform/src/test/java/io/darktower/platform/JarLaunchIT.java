package io.darktower.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.darktower.devstack.ChildJvm;
import io.darktower.devstack.ServerProcesses;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repackaged jar is the local run as well: {@code java -jar platform/target/platform-*.jar} starts the platform
 * on the embedded stack, keeps its scratch files under {@code .darktower/} of its working directory, and SIGTERM
 * stops everything it started. Runs after {@code package} (failsafe).
 */
class JarLaunchIT {

    private static final Duration START = Duration.ofSeconds(120);

    @Test
    void javaDashJarStartsThePlatformOnTheEmbeddedStackAndSigtermStopsItAll() throws Exception {
        Path workDir = Path.of("target/jar-launch-it").toAbsolutePath();
        Path dataDir = workDir.resolve("data");
        deleteRecursively(workDir);
        Files.createDirectories(workDir);
        int httpPort = freePort();
        int postgresPort = freePort();

        try (ChildJvm platform = ChildJvm.runJar(repackagedJar(), workDir, Map.of(
                "DARKTOWER_INFRA", "embedded",
                "DARKTOWER_DATA_DIR", dataDir.toString(),
                "DARKTOWER_KAFKA_PORT", Integer.toString(freePort()),
                "DARKTOWER_POSTGRES_PORT", Integer.toString(postgresPort),
                "DARKTOWER_REDIS_PORT", Integer.toString(freePort()),
                "DARKTOWER_HTTP_PORT", Integer.toString(httpPort)), "--darktower.rate-limits.write.limit=77")) {

            assertThat(platform.awaitOutput("Dark Tower is up", START)).as(platform.output()).isTrue();
            assertThat(platform.stdout()).as("the node fleet's credentials of this run")
                    .anyMatch(line -> line.contains("client_id=dev-nodes client_secret=dev_"));
            // as the README has it: sign up, get a token, create a meeting with it
            String api = "http://127.0.0.1:" + httpPort + "/api/v1";
            HttpResponse<String> signedUp = send(HttpRequest.newBuilder(URI.create(api + "/users"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"email\":\"jar@example.com\",\"displayName\":\"Jar\",\"password\":\"a long password\"}")));
            assertThat(signedUp.statusCode()).as(signedUp.body()).isEqualTo(201);
            HttpResponse<String> token = send(HttpRequest.newBuilder(URI.create(api + "/auth/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&username=jar%40example.com&password=a+long+password")));
            assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
            String accessToken = token.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
            HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(api + "/meetings"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + accessToken)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"displayName\":\"x\"}")));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(created.headers().firstValue("X-RateLimit-Limit")).as("a setting given on the command line")
                    .contains("77");
            // the audit CLI of the same jar, as an operator runs it beside the platform: a meeting's hash-chained
            // export (its personal fields opened with the subject keys), verified offline, a changed byte caught
            String meeting = created.body().replaceAll(".*\"meetingId\":\"([^\"]+)\".*", "$1");
            Path export = workDir.resolve("meeting.ndjson");
            assertThat(cli(workDir, "audit", "export", "--meeting", meeting, "--out", export.toString(),
                    "--jdbc-url", "jdbc:postgresql://127.0.0.1:" + postgresPort + "/darktower")).isZero();
            assertThat(Files.readString(export)).contains("MeetingCreated", "\"x\"");
            assertThat(cli(workDir, "audit", "verify", export.toString())).isZero();
            Files.writeString(export, Files.readString(export).replaceFirst("MeetingCreated", "MeetingCreatee"));
            assertThat(cli(workDir, "audit", "verify", export.toString())).as("a changed byte").isEqualTo(1);

            List<ProcessHandle> servers = ServerProcesses.on(dataDir);
            assertThat(servers).as("PostgreSQL and Redis").hasSize(2);

            assertThat(platform.terminate(Duration.ofSeconds(60))).as("exit on SIGTERM").isEqualTo(143);

            assertThat(platform.stdout()).as(platform.output()).contains("Dark Tower stopped.");
            assertThat(servers).noneMatch(ProcessHandle::isAlive);
            assertThat(platform.stdout()).as("the banner names no password").noneMatch(line -> line.contains("postgres:postgres@"));
            assertThat(workDir.resolve(".darktower/tmp")).isDirectory();
            assertThat(workDir.resolve(".darktower/embedded-pg")).isDirectory();
        }
    }

    /** Runs the repackaged jar with {@code args} to its end: its exit code. */
    private static int cli(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-jar", repackagedJar().toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("cli.log").toFile()).start();
        assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("the CLI ends").isTrue();
        if (process.exitValue() != 0) {
            System.out.println(Files.readString(workDir.resolve("cli.log")));
        }
        return process.exitValue();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Path repackagedJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().matches("platform-.*\\.jar")).toList();
            assertThat(jars).as("the jar that package built").hasSize(1);
            return jars.getFirst();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
