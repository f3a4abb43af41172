package io.darktower.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** The local run keeps its data: a second start of the embedded stack finds what the first one wrote. */
class KeptDataTest {

    @Test
    void postgresRedisAndKafkaDataSurviveARestart() throws Exception {
        Path dir = Path.of(System.getProperty("darktower.data-dir", "target/devstack")).resolve("kept-" + ProcessHandle.current().pid());
        Directories.deleteRecursively(dir);
        DevStackConfig config = DevStackConfig.from(key -> Optional.empty(), Map.of(
                "darktower.data-dir", dir.toString(), "darktower.keep-data", "true",
                "darktower.kafka.port", "0", "darktower.postgres.port", "0", "darktower.redis.port", "0"));
        try {
            try (Infrastructure first = DevStack.start(config)) {
                Endpoints e = first.endpoints();
                Sql.execute(e, "CREATE TABLE kept (v TEXT)");
                Sql.execute(e, "INSERT INTO kept VALUES ('still here')");
                redis(e, "*3\r\n$3\r\nSET\r\n$4\r\nkept\r\n$10\r\nstill here\r\n");
                try (Admin admin = Admin.create(Map.of("bootstrap.servers", e.kafkaBootstrapServers()))) {
                    admin.createTopics(List.of(new NewTopic("kept-topic", 1, (short) 1))).all().get();
                }
            }
            try (Infrastructure second = DevStack.start(config)) {
                Endpoints e = second.endpoints();
                assertThat(Sql.one(e, "SELECT v FROM kept")).isEqualTo("still here");
                assertThat(redis(e, "*2\r\n$3\r\nGET\r\n$4\r\nkept\r\n")).isEqualTo("still here");
                try (Admin admin = Admin.create(Map.of("bootstrap.servers", e.kafkaBootstrapServers()))) {
                    Set<String> topics = admin.listTopics().names().get();
                    assertThat(topics).contains("kept-topic");
                }
            }
        } finally {
            Directories.deleteRecursively(dir);
        }
    }

    /** Sends one RESP command; returns a bulk string's value, or the status line. */
    private static String redis(Endpoints e, String command) throws Exception {
        try (Socket socket = new Socket(e.redisHost(), e.redisPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(command.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String first = in.readLine();
            return first.startsWith("$") ? in.readLine() : first;
        }
    }
}
