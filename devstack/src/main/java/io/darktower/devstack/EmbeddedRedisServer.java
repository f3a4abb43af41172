package io.darktower.devstack;

import java.io.IOException;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/** A real Redis 7 server (the binary shipped by org.signal:embedded-redis) run as a child process. */
final class EmbeddedRedisServer implements AutoCloseable {

    private final RedisServer server;
    private final int port;

    private EmbeddedRedisServer(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    static EmbeddedRedisServer start(Path dataDir, int requestedPort, boolean keepData) throws IOException {
        Directories.create(dataDir);
        int port = Ports.orFree(requestedPort);
        var builder = RedisServer.builder()
                .port(port)
                .setting("bind 127.0.0.1")
                .setting("dir " + dataDir);
        if (keepData) {
            builder.setting("appendonly yes");
        } else {
            builder.setting("save \"\"").setting("appendonly no");
        }
        RedisServer server = builder.build();
        server.start();
        return new EmbeddedRedisServer(server, port);
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        server.stop();
    }
}
