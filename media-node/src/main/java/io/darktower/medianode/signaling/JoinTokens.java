package io.darktower.medianode.signaling;

import io.darktower.queries.auth.AccessTokenFormat;
import io.darktower.signaling.ErrorCode;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The second half of a session's admission: the join token (the gateway's JWT, answered by the join) must be valid —
 * signed by a key of the gateway's JWKS, of this platform's issuer, not expired — and speak for the very participant
 * and meeting the one-time connection token names. The format and its checks are the gateway's own
 * ({@link AccessTokenFormat}).
 */
public final class JoinTokens implements AutoCloseable {

    private final JoinTokenKeys keys;
    private final String issuer;
    private final Clock clock;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public JoinTokens(JoinTokenKeys keys, String issuer, Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.clock = clock;
    }

    /** {@link #check}, off the caller's thread (an event loop must not wait for the JWKS). */
    public CompletableFuture<Void> checkAsync(String token, UUID meetingId, UUID participantId) {
        return CompletableFuture.runAsync(() -> check(token, meetingId, participantId), executor);
    }

    /**
     * Checks {@code token} for that participant of that meeting (blocking: the keys may be read). Fails with
     * {@code UNAUTHORIZED} for a token that is missing, malformed, forged, expired or not this platform's, and
     * {@code FORBIDDEN} for a valid one that speaks for someone else or another meeting.
     */
    public void check(String token, UUID meetingId, UUID participantId) {
        if (token == null || token.isEmpty()) {
            throw new SignalingException(ErrorCode.UNAUTHORIZED, "a join token is required");
        }
        AccessTokenFormat.Claims claims;
        try {
            claims = AccessTokenFormat.verify(AccessTokenFormat.parse(token), keys::key, issuer, clock.instant()).claims();
        } catch (AccessTokenFormat.Invalid e) {
            throw new SignalingException(ErrorCode.UNAUTHORIZED, "join token refused: " + e.getMessage());
        }
        if (!AccessTokenFormat.PARTICIPANT_KIND.equals(claims.kind()) || !meetingId.equals(claims.meetingId())
                || !participantId.equals(claims.participantId())) {
            throw new SignalingException(ErrorCode.FORBIDDEN, "the join token is not for this participant of this meeting");
        }
    }

    @Override
    public void close() {
        executor.close();
    }
}
