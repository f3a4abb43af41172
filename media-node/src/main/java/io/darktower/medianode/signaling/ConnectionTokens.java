package io.darktower.medianode.signaling;

import io.darktower.readmodel.RedisKeys;
import io.darktower.readmodel.RedisKeys.WebTransportTokenFields;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The one-time WebTransport connection tokens the gateway hands out with a join ({@code wt:token:{token}}, a hash
 * naming the meeting and the participant, 5 minutes). A token is consumed by reading and deleting it in one atomic
 * script: of two sessions presenting the same token, exactly one gets it.
 */
public final class ConnectionTokens {

    /** The longest token accepted (the gateway's are far shorter): a longer one is refused unread. */
    public static final int MAX_TOKEN_LENGTH = 256;
    /** The connection type of a media session's token. */
    public static final String MEDIA = "media";

    private static final String CONSUME = """
            local fields = redis.call('HGETALL', KEYS[1])
            if #fields > 0 then redis.call('DEL', KEYS[1]) end
            return fields""";

    /** What a consumed token grants. */
    public record Grant(UUID meetingId, UUID participantId) {
    }

    private final RedisAsyncCommands<String, String> redis;

    public ConnectionTokens(RedisAsyncCommands<String, String> redis) {
        this.redis = redis;
    }

    /** Consumes the token: what it granted, or empty when it is unknown, used, expired or not a media token. */
    public CompletableFuture<Optional<Grant>> consume(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return redis.<List<Object>>eval(CONSUME, ScriptOutputType.MULTI, RedisKeys.webTransportToken(token))
                .toCompletableFuture()
                .thenApply(ConnectionTokens::grant);
    }

    private static Optional<Grant> grant(List<Object> flat) {
        String meeting = null;
        String participant = null;
        String type = null;
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            String value = String.valueOf(flat.get(i + 1));
            switch (String.valueOf(flat.get(i))) {
                case WebTransportTokenFields.MEETING_ID -> meeting = value;
                case WebTransportTokenFields.PARTICIPANT_ID -> participant = value;
                case WebTransportTokenFields.CONNECTION_TYPE -> type = value;
                default -> {
                }
            }
        }
        if (meeting == null || participant == null || (type != null && !MEDIA.equals(type))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Grant(UUID.fromString(meeting), UUID.fromString(participant)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
