package io.darktower.gateway.auth;

import io.darktower.gateway.api.Caller;
import io.darktower.gateway.api.RequestContext;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Tokens good for one meeting only. A guest token lets someone without an account join one meeting (the meeting
 * refuses it when it requires sign-in). A join token, answered by the join, speaks for one participant of one meeting:
 * the media node admits the participant with it, and it lets a participant (a guest especially) leave, beat and publish
 * as itself, and nothing else.
 */
@Component
public class MeetingTokens {

    private final AccessTokens tokens;
    private final AuthProperties properties;

    public MeetingTokens(AccessTokens tokens, AuthProperties properties) {
        this.tokens = tokens;
        this.properties = properties;
    }

    /** A short-lived token for {@code participantId} of {@code meetingId}, for whoever joined in {@code context}. */
    public Mono<String> joinToken(UUID meetingId, UUID participantId, RequestContext context) {
        return Mono.fromCallable(() -> tokens.sign(new AccessTokens.Claims(Caller.Kind.PARTICIPANT, participantId.toString(),
                        context.userId(), Set.of(), null, meetingId, participantId), properties.joinTokenTtl()).value())
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** A guest's token for {@code meetingId}: it may join that meeting, and read it. */
    public Mono<TokenResponse> guestToken(UUID meetingId) {
        return Mono.fromCallable(() -> tokens.sign(new AccessTokens.Claims(Caller.Kind.GUEST, UUID.randomUUID().toString(),
                        null, Set.of(), null, meetingId, null), properties.guestTokenTtl()))
                .subscribeOn(Schedulers.boundedElastic())
                .map(signed -> new TokenResponse(signed.value(), TokenResponse.BEARER, properties.guestTokenTtl().toSeconds(),
                        null, null));
    }
}
