package io.darktower.gateway.auth;

import io.darktower.gateway.api.Caller;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Spring Security's view of an authenticated {@link Caller}: its scopes as {@code SCOPE_…} authorities, its kind as
 * {@code KIND_…}, an administrator as {@code ROLE_ADMIN}. Keeps what logout needs of the presented token.
 *
 * @param tokenHash the presented signed token's hash (null for an API key)
 * @param sessionId the sign-in session (refresh family) of a user's token; null otherwise
 * @param expiresAt when the presented signed token expires (null for an API key)
 */
public final class CallerAuthentication extends AbstractAuthenticationToken {

    public static final String ADMIN = "ADMIN";

    private final Caller caller;
    private final String tokenHash;
    private final UUID sessionId;
    private final Instant expiresAt;

    public CallerAuthentication(Caller caller, String tokenHash, UUID sessionId, Instant expiresAt) {
        super(authorities(caller));
        this.caller = caller;
        this.tokenHash = tokenHash;
        this.sessionId = sessionId;
        this.expiresAt = expiresAt;
        setAuthenticated(true);
    }

    private static List<GrantedAuthority> authorities(Caller caller) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        caller.scopes().forEach(scope -> authorities.add(new SimpleGrantedAuthority(scope(scope))));
        authorities.add(new SimpleGrantedAuthority(kind(caller.kind())));
        if (caller.admin()) {
            authorities.add(new SimpleGrantedAuthority("ROLE_" + ADMIN));
        }
        return authorities;
    }

    static String scope(String scope) {
        return "SCOPE_" + scope;
    }

    static String kind(Caller.Kind kind) {
        return "KIND_" + kind.name();
    }

    public Caller caller() {
        return caller;
    }

    public String tokenHash() {
        return tokenHash;
    }

    public UUID sessionId() {
        return sessionId;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return caller.identity();
    }
}
