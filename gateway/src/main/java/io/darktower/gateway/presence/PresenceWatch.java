package io.darktower.gateway.presence;

import io.darktower.commands.meeting.LeaveMeeting;
import io.darktower.events.EventMetadata;
import io.darktower.events.meeting.LeaveReason;
import io.darktower.gateway.api.CommandDispatcher;
import io.darktower.readmodel.RedisKeys;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Lets go of participants whose presence lapsed: every few seconds, the participants present in active meetings (the
 * read model) whose {@code presence:{id}} is gone leave with {@code connection_lost} — a {@link LeaveMeeting} command
 * like any other leave, so the meeting ends when that was the last one. Nothing is kept but what the read model and
 * Redis hold, so a restart of the platform loses no lapse; the only memory is since when a presence has been seen
 * gone ({@link PresenceProperties#confirm()}), so that a Redis that lost its data gives clients time to beat again.
 */
@Component
@EnableConfigurationProperties(PresenceProperties.class)
public class PresenceWatch implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PresenceWatch.class);
    private static final EventMetadata SYSTEM = new EventMetadata(null, EventMetadata.ACTOR_SYSTEM, null, null, null, null);

    private final PresenceProperties properties;
    private final DatabaseClient db;
    private final RedisReactiveCommands<String, String> redis;
    private final CommandDispatcher commands;
    private final Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    /** Participants whose presence was seen gone, and since when. */
    private final Map<UUID, Instant> goneSince = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService sweeper;

    public PresenceWatch(PresenceProperties properties, DatabaseClient db, RedisReactiveCommands<String, String> redis,
                         CommandDispatcher commands) {
        this.properties = properties;
        this.db = db;
        this.redis = redis;
        this.commands = commands;
    }

    /** A participant present in an active meeting, as the read model has it. */
    record Present(UUID meetingId, UUID participantId) {
    }

    /** One look: the participants let go by it. */
    List<Present> sweep() {
        Instant now = clock.instant();
        List<Present> present = db.sql("""
                        SELECT p.meeting_id, p.participant_id FROM meeting_participants p
                        JOIN meetings m ON m.meeting_id = p.meeting_id
                        WHERE p.left_at IS NULL AND m.status = 'active' AND p.joined_at < :joinedBefore""")
                .bind("joinedBefore", OffsetDateTime.ofInstant(now.minus(properties.joinGrace()), ZoneOffset.UTC))
                .map(row -> new Present(row.get("meeting_id", UUID.class), row.get("participant_id", UUID.class)))
                .all()
                .collectList()
                .block(Duration.ofSeconds(30));
        if (present == null || present.isEmpty()) {
            goneSince.clear();
            return List.of();
        }
        Set<UUID> seen = new HashSet<>();
        List<Present> lapsed = Flux.fromIterable(present)
                // up to 64 EXISTS in flight on the one connection: a pipeline, not a round trip per participant
                .flatMapSequential(p -> redis.exists(RedisKeys.presence(p.participantId())).map(n -> Map.entry(p, n)), 64)
                .filter(e -> {
                    seen.add(e.getKey().participantId());
                    if (e.getValue() > 0) {
                        goneSince.remove(e.getKey().participantId());
                        return false;
                    }
                    Instant since = goneSince.computeIfAbsent(e.getKey().participantId(), id -> now);
                    return !since.plus(properties.confirm()).isAfter(now);
                })
                .map(Map.Entry::getKey)
                .collectList()
                .block(Duration.ofSeconds(30));
        goneSince.keySet().retainAll(seen);
        for (Present p : lapsed) {
            commands.send(new LeaveMeeting(p.meetingId(), p.participantId(), LeaveReason.CONNECTION_LOST, now), SYSTEM)
                    .doOnSuccess(ignored -> log.info("participant {} of meeting {} lost its connection (no heartbeat)",
                            p.participantId(), p.meetingId()))
                    .onErrorResume(e -> {
                        log.warn("could not let participant {} of meeting {} go: {}", p.participantId(), p.meetingId(), e.toString());
                        return Mono.empty();
                    })
                    .block(Duration.ofSeconds(30));
            goneSince.remove(p.participantId());
        }
        return lapsed;
    }

    @Override
    public void start() {
        if (!properties.enabled()) {
            return;
        }
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "presence-watch");
            t.setDaemon(true);
            return t;
        });
        long period = properties.sweepInterval().toMillis();
        sweeper.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                log.warn("presence sweep failed; trying again in {}", properties.sweepInterval(), e);
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService s = sweeper;
        sweeper = null;
        if (s != null) {
            s.shutdownNow();
            try {
                s.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return sweeper != null;
    }
}
