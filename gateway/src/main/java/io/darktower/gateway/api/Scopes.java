package io.darktower.gateway.api;

import io.darktower.events.apikey.ApiKeyScope;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The scopes the gateway checks, defined once: an API key's (the seed's {@link ApiKeyScope} values) and the service
 * scope of the node fleet. A signed-in user holds every user scope; an API key what it was issued with; a service
 * client what its configuration names.
 */
public final class Scopes {

    public static final String MEETINGS_CREATE = ApiKeyScope.MEETINGS_CREATE.wire();
    public static final String MEETINGS_READ = ApiKeyScope.MEETINGS_READ.wire();
    public static final String MEETINGS_WRITE = ApiKeyScope.MEETINGS_WRITE.wire();
    public static final String RECORDINGS_READ = ApiKeyScope.RECORDINGS_READ.wire();
    public static final String RECORDINGS_WRITE = ApiKeyScope.RECORDINGS_WRITE.wire();
    public static final String USERS_READ = ApiKeyScope.USERS_READ.wire();
    /** The internal endpoints of meeting controllers, media handlers and the recorder: service clients only. */
    public static final String NODES = "nodes";

    /** What a user signed in with a password (or a provider) may do. */
    public static final Set<String> USER = Arrays.stream(ApiKeyScope.values()).map(ApiKeyScope::wire)
            .collect(Collectors.toUnmodifiableSet());

    private Scopes() {
    }
}
