package io.darktower.queries.webtransport;

import io.darktower.readmodel.RedisKeys;
import io.darktower.readmodel.RedisKeys.WebTransportTokenFields;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The seed's one-time WebTransport connection tokens, {@code wt:token:{token}}: the gateway issues one with every join,
 * the media node admits a session only by consuming one. Both sides use this class, so the key, its fields and its
 * TTL ({@link RedisKeys#WEBTRANSPORT_TOKEN_TTL}) have one writer and one reader. Each operation is one Lua script, so
 * a token never exists without its TTL, and two sessions presenting the same token cannot both get it.
 */
@Component
public class WebTransportTokens {

    /** {@code connection_type} of a token: the session carries the participant's signaling and media. */
    public static final String MEDIA = "media";
    /** 256 random bits: not guessable within a token's five minutes. */
    private static final int TOKEN_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** HSET every field and PEXPIRE in one step: ARGV[1] the TTL in ms, then field/value pairs. */
    private static final String ISSUE = """
            redis.call('HSET', KEYS[1], unpack(ARGV, 2))
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            return 1""";
    /** HGETALL then DEL in one step: the first caller gets the fields, every later one (or after expiry) nothing. */
    private static final String CONSUME = """
            local fields = redis.call('HGETALL', KEYS[1])
            if #fields > 0 then redis.call('DEL', KEYS[1]) end
            return fields""";

    private final RedisReactiveCommands<String, String> redis;

    public WebTransportTokens(RedisReactiveCommands<String, String> redis) {
        this.redis = redis;
    }

    /** What a consumed token admits: one participant session of one meeting. */
    public record Grant(UUID participantId, UUID meetingId, Instant createdAt, String connectionType) {
    }

    /** Stores a new token for this participant session, living {@link RedisKeys#WEBTRANSPORT_TOKEN_TTL}; answers the token. */
    public Mono<String> issue(UUID participantId, UUID meetingId, Instant at) {
        byte[] random = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String[] args = {
                Long.toString(RedisKeys.WEBTRANSPORT_TOKEN_TTL.toMillis()),
                WebTransportTokenFields.PARTICIPANT_ID, participantId.toString(),
                WebTransportTokenFields.MEETING_ID, meetingId.toString(),
                WebTransportTokenFields.CREATED_AT, Long.toString(at.getEpochSecond()),
                WebTransportTokenFields.CONNECTION_TYPE, MEDIA};
        return redis.<Long>eval(ISSUE, ScriptOutputType.INTEGER, new String[] {RedisKeys.webTransportToken(token)}, args)
                .then(Mono.just(token));
    }

    /**
     * Takes the token: its grant the first time, empty when it is unknown, expired or already used. A token that is
     * not one this class could have made is empty without a round trip.
     */
    public Mono<Grant> consume(String token) {
        if (token == null || token.isEmpty() || token.length() > 64
                || !token.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
            return Mono.empty();
        }
        // Lettuce's reactive eval emits a multi-bulk reply element by element
        return redis.<Object>eval(CONSUME, ScriptOutputType.MULTI, RedisKeys.webTransportToken(token))
                .collectList()
                .flatMap(reply -> {
                    Map<String, String> fields = new HashMap<>();
                    List<Object> flat = new ArrayList<>();
                    reply.forEach(element -> {
                        if (element instanceof List<?> nested) {
                            flat.addAll(nested);
                        } else {
                            flat.add(element);
                        }
                    });
                    for (int i = 0; i + 1 < flat.size(); i += 2) {
                        fields.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
                    }
                    if (fields.isEmpty()) {
                        return Mono.empty();
                    }
                    return Mono.just(new Grant(UUID.fromString(fields.get(WebTransportTokenFields.PARTICIPANT_ID)),
                            UUID.fromString(fields.get(WebTransportTokenFields.MEETING_ID)),
                            Instant.ofEpochSecond(Long.parseLong(fields.get(WebTransportTokenFields.CREATED_AT))),
                            fields.get(WebTransportTokenFields.CONNECTION_TYPE)));
                });
    }
}
