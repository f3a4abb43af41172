package io.darktower.medianode;

import io.darktower.devstack.Endpoints;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;

/** A media node of its own on a test database: its own relay (no gateway here), any free UDP port, loopback only. */
public final class TestNodes {

    private TestNodes() {
    }

    /** @param name the relay's replication slot; {@code more} are further {@code --name=value} settings */
    public static ConfigurableApplicationContext start(Endpoints db, String name, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + db.jdbcUrl(),
                "--spring.datasource.username=" + db.databaseUser(),
                "--spring.datasource.password=" + db.databasePassword(),
                "--darktower.kafka.bootstrap-servers=" + db.kafkaBootstrapServers(),
                "--darktower.redis.uri=" + db.redisUri(),
                // no gateway here: the node's own context runs the relay that puts its events on Kafka
                "--darktower.relay.enabled=true",
                "--darktower.relay.slot-name=" + name,
                "--darktower.media.udp-port=0",
                "--darktower.media.bind-address=127.0.0.1"));
        args.addAll(List.of(more));
        return MediaNodeApplication.builder().run(args.toArray(String[]::new));
    }
}
