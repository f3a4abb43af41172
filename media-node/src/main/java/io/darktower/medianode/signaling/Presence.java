package io.darktower.medianode.signaling;

import io.darktower.readmodel.RedisKeys;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code presence:{participant_id}} alive for every participant connected to this node: the node is their
 * heartbeat. When the node dies the keys lapse ({@link RedisKeys#PRESENCE_TTL}) and the platform's presence watch lets
 * the participants go with {@code connection_lost}.
 */
public final class Presence implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Presence.class);

    private final RedisAsyncCommands<String, String> redis;
    private final Set<UUID> connected = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;
    private final Clock clock = Clock.systemUTC();
    private final Duration ttl;
    private volatile boolean halted;

    /** @param ttl the key's TTL: {@link RedisKeys#PRESENCE_TTL}, shorter only in tests of lapses */
    public Presence(RedisAsyncCommands<String, String> redis, Duration interval, Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "media-presence");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::refreshAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void connected(UUID participantId) {
        connected.add(participantId);
        beat(participantId);
    }

    public void disconnected(UUID participantId) {
        connected.remove(participantId);
    }

    public int count() {
        return connected.size();
    }

    private void refreshAll() {
        connected.forEach(this::beat);
    }

    private void beat(UUID participantId) {
        if (halted) {
            return;
        }
        redis.set(RedisKeys.presence(participantId), Long.toString(clock.instant().getEpochSecond()),
                        SetArgs.Builder.px(ttl.toMillis()))
                .exceptionally(e -> {
                    log.warn("could not refresh the presence of participant {}: {}", participantId, e.toString());
                    return null;
                });
    }

    /** Refreshes nothing more, as a node that died: the keys lapse. */
    public void halt() {
        halted = true;
        timer.shutdownNow();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
