package io.darktower.queries.webtransport;

import static org.assertj.core.api.Assertions.assertThat;

import io.darktower.devstack.SharedTestStack;
import io.darktower.readmodel.RedisKeys;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** One-time WebTransport tokens on a real Redis: the seed's hash and TTL, one use, nothing after expiry. */
class WebTransportTokensTest {

    private static RedisClient redisClient;
    private static RedisCommands<String, String> redis;
    private static WebTransportTokens tokens;

    @BeforeAll
    static void redis() {
        redisClient = RedisClient.create(SharedTestStack.endpoints().redisUri());
        redis = redisClient.connect().sync();
        tokens = new WebTransportTokens(redisClient.connect().reactive());
    }

    @AfterAll
    static void close() {
        redisClient.shutdown();
    }

    @Test
    void aTokenIsTheSeedsHashForFiveMinutesAndAdmitsOnceOnly() {
        UUID participant = UUID.randomUUID();
        UUID meeting = UUID.randomUUID();
        Instant at = Instant.parse("2026-01-16T13:00:00Z");
        String token = tokens.issue(participant, meeting, at).block();

        String key = RedisKeys.webTransportToken(token);
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(redis.hgetall(key)).isEqualTo(Map.of("participant_id", participant.toString(),
                "meeting_id", meeting.toString(), "created_at", "1768568400", "connection_type", "media"));
        assertThat(redis.pttl(key)).isBetween(299_000L, 300_000L);

        WebTransportTokens.Grant grant = tokens.consume(token).block();
        assertThat(grant).isEqualTo(new WebTransportTokens.Grant(participant, meeting, at, WebTransportTokens.MEDIA));
        assertThat(redis.exists(key)).isZero();
        assertThat(tokens.consume(token).block()).as("a second use").isNull();
    }

    @Test
    void anExpiredUnknownOrMalformedTokenAdmitsNothing() throws InterruptedException {
        String token = tokens.issue(UUID.randomUUID(), UUID.randomUUID(), Instant.now()).block();
        redis.pexpire(RedisKeys.webTransportToken(token), 1);
        Thread.sleep(20);
        assertThat(tokens.consume(token).block()).as("expired").isNull();
        assertThat(tokens.consume("no-such-token").block()).isNull();
        assertThat(tokens.consume("wt:token:*").block()).isNull();
        assertThat(tokens.consume("").block()).isNull();
    }

    @Test
    void twoSessionsPresentingOneTokenAtOnceAdmitOne() {
        for (int round = 0; round < 20; round++) {
            String token = tokens.issue(UUID.randomUUID(), UUID.randomUUID(), Instant.now()).block();
            ConcurrentLinkedQueue<WebTransportTokens.Grant> admitted = new ConcurrentLinkedQueue<>();
            List<Integer> sessions = IntStream.range(0, 8).boxed().toList();
            Flux.fromIterable(sessions).parallel().runOn(Schedulers.parallel())
                    .flatMap(i -> tokens.consume(token)).doOnNext(admitted::add).sequential().blockLast();
            assertThat(admitted).hasSize(1);
        }
    }
}
