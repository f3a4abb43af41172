package io.darktower.gateway.api;

import io.darktower.events.EventMetadata;
import java.util.Set;
import java.util.UUID;

/**
 * Who an authenticated request comes from, as the security chain established it (from a signed access token, an API
 * key, a guest or join token, or a service client's token). The chain puts it on the exchange before any handler or
 * later filter runs; {@link RequestContext} reads it from there and nothing reads a header for it.
 *
 * @param kind      what authenticated the caller
 * @param userId    the user acted for; null for guests and services
 * @param subject   the token's subject: the user id, the API key id, the guest id or the service client id
 * @param scopes    what the caller may do (the wire values of {@link Scopes})
 * @param admin     whether the caller is an administrator (a user named in {@code darktower.auth.admins})
 * @param meetingId the one meeting a guest or join token is good for; null otherwise
 * @param participantId the participant a join token speaks for; null otherwise
 */
public record Caller(Kind kind, UUID userId, String subject, Set<String> scopes, boolean admin, UUID meetingId,
                     UUID participantId) {

    /** The exchange attribute the security chain sets. */
    public static final String ATTRIBUTE = Caller.class.getName();

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    /** What authenticated a caller. */
    public enum Kind {
        /** A user signed in with a password or a provider: an access token from the token endpoint. */
        USER,
        /** A user's API key, presented as the bearer or exchanged through the client-credentials grant. */
        API_KEY,
        /** Someone without an account, allowed into one meeting that does not require sign-in. */
        GUEST,
        /** A participant's join token: acts only as that participant of that meeting. */
        PARTICIPANT,
        /** A configured service client (the node fleet, the recorder) through the client-credentials grant. */
        SERVICE
    }

    public boolean has(String scope) {
        return scopes.contains(scope);
    }

    /** The actor type events caused by this caller record. */
    public String actorType() {
        return switch (kind) {
            case USER, GUEST, PARTICIPANT -> EventMetadata.ACTOR_USER;
            case API_KEY, SERVICE -> EventMetadata.ACTOR_API;
        };
    }

    /** Who is counted for per-caller things (idempotency keys, rate limits): stable per caller, never per request. */
    public String identity() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + subject;
    }
}
