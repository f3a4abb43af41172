package io.darktower.gateway.auth;

import io.darktower.errors.ErrorCode;
import io.darktower.gateway.api.ApiException;
import io.darktower.gateway.api.Caller;
import io.darktower.gateway.api.RequestContext;
import io.darktower.gateway.api.Scopes;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A signed-in user's tokens: an access token (1 h) and a refresh token that starts a new family. Whoever proved who
 * the user is (the password grant, a provider sign-in) calls {@link #issueFor}; the refresh grant calls
 * {@link #refresh}.
 */
@Component
public class SessionTokens {

    static final String INVALID_GRANT = "INVALID_GRANT";
    private static final Logger log = LoggerFactory.getLogger(SessionTokens.class);

    private final AccessTokens accessTokens;
    private final RefreshTokens refreshTokens;
    private final TokenRevocations revocations;
    private final AuthProperties properties;

    public SessionTokens(AccessTokens accessTokens, RefreshTokens refreshTokens, TokenRevocations revocations,
                         AuthProperties properties) {
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
        this.revocations = revocations;
        this.properties = properties;
    }

    /** Tokens for {@code userId}, whose identity the caller has just proven; a new session (refresh family). */
    public Mono<TokenResponse> issueFor(UUID userId, RequestContext context) {
        return Mono.fromCallable(() -> {
            RefreshTokens.Issued refresh = refreshTokens.startFamily(userId);
            log.debug("session {} started for user {} (request {})", refresh.familyId(), userId, context.correlationId());
            return answer(refresh);
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * Spends a refresh token for new tokens. A spent one presented again revokes its family and every access token of
     * it; unknown, expired and revoked ones fail alike, with 401 INVALID_GRANT.
     */
    public Mono<TokenResponse> refresh(String refreshToken) {
        if (refreshToken == null || !refreshToken.startsWith(RefreshTokens.PREFIX) || refreshToken.length() > 100) {
            return Mono.error(invalidGrant("unknown, expired or revoked refresh token"));
        }
        return Mono.fromCallable(() -> refreshTokens.rotate(refreshToken))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(rotation -> switch (rotation) {
                    case RefreshTokens.Rotation.Rotated rotated -> Mono.fromCallable(() -> answer(rotated.next()))
                            .subscribeOn(Schedulers.boundedElastic());
                    case RefreshTokens.Rotation.Reused reused -> {
                        log.warn("refresh token of session {} (user {}) used twice: session revoked", reused.familyId(),
                                reused.userId());
                        yield revocations.revokeSession(reused.familyId(), properties.accessTokenTtl(), RefreshTokens.REUSED)
                                .then(Mono.error(invalidGrant("refresh token already used: the session is revoked")));
                    }
                    case RefreshTokens.Rotation.Invalid invalid ->
                            Mono.error(invalidGrant("unknown, expired or revoked refresh token"));
                });
    }

    /** Ends a session: its refresh tokens and every access token of it stop working. */
    public Mono<Void> endSession(UUID sessionId) {
        return Mono.fromRunnable(() -> refreshTokens.revokeFamily(sessionId, RefreshTokens.LOGGED_OUT))
                .subscribeOn(Schedulers.boundedElastic())
                .then(revocations.revokeSession(sessionId, properties.accessTokenTtl(), RefreshTokens.LOGGED_OUT));
    }

    /** Ends every session of a deactivated user at once: refresh tokens revoked, access tokens blacklisted. */
    public Mono<Void> endSessionsOfDeactivated(UUID userId) {
        return endSessions(userId, RefreshTokens.DEACTIVATED);
    }

    /**
     * Ends every session of an erased user and forgets them: their refresh-token families (and tokens) are deleted.
     */
    public Mono<Void> forgetSessionsOfErased(UUID userId) {
        return endSessions(userId, RefreshTokens.ERASED)
                .then(Mono.fromRunnable(() -> refreshTokens.deleteFamiliesOf(userId)).subscribeOn(Schedulers.boundedElastic()))
                .then();
    }

    /**
     * Ends every session of a user whose password changed, the one that changed it too: whoever knew the old password
     * is signed out everywhere, and the user signs in again with the new one.
     */
    public Mono<Void> endSessionsAfterPasswordChange(UUID userId) {
        return endSessions(userId, RefreshTokens.PASSWORD_CHANGED);
    }

    private Mono<Void> endSessions(UUID userId, String reason) {
        return Mono.fromCallable(() -> refreshTokens.revokeFamiliesOf(userId, reason))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMapMany(Flux::fromIterable)
                .flatMap(session -> revocations.revokeSession(session, properties.accessTokenTtl(), reason))
                .then();
    }

    private TokenResponse answer(RefreshTokens.Issued refresh) {
        AccessTokens.Signed access = accessTokens.sign(new AccessTokens.Claims(Caller.Kind.USER, refresh.userId().toString(),
                refresh.userId(), Scopes.USER, refresh.familyId(), null, null), properties.accessTokenTtl());
        return new TokenResponse(access.value(), TokenResponse.BEARER, properties.accessTokenTtl().toSeconds(), refresh.token(),
                String.join(" ", Scopes.USER.stream().sorted().toList()));
    }

    /** A grant that cannot be honoured (RFC 6749's {@code invalid_grant}): 401 with reason INVALID_GRANT. */
    static ApiException invalidGrant(String detail) {
        return new ApiException(ErrorCode.UNAUTHORIZED, INVALID_GRANT, detail);
    }
}
