package io.darktower.gateway.oidc;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.darktower.crypto.Keyring;
import io.darktower.crypto.Sealed;
import io.darktower.errors.ErrorCode;
import io.darktower.events.EventJson;
import io.darktower.gateway.api.ApiException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * A sign-in started here and not finished yet: what the callback needs to finish it. Kept by the browser, not by the
 * server, in a cookie sealed with the {@link Keyring} and bound to the {@code state} sent to the provider (the
 * sealing context): a callback whose state is not the one this browser started, or whose cookie was altered, does
 * not open it. So nothing is stored on the server, any gateway instance finishes what another started, and a callback
 * URL taken to another browser (login or link CSRF) is refused.
 *
 * @param provider     the provider the sign-in was started with
 * @param nonce        sent to the provider; the ID token must carry it back
 * @param codeVerifier the PKCE secret (RFC 7636) whose S256 challenge was sent; the code is redeemed with it
 * @param redirectUri  the callback named to the provider, named again when the code is redeemed
 * @param linkUserId   the signed-in user who asked to link the provider account, or null for a sign-in
 * @param expiresAt    after this the callback is refused
 */
public record PendingLogin(String provider, String nonce, String codeVerifier, URI redirectUri, UUID linkUserId,
                           Instant expiresAt) {

    /** The reason of every refused callback whose state does not match a sign-in this browser started. */
    public static final String STATE_INVALID = "OIDC_STATE_INVALID";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_STATE = 64;

    /** A fresh sign-in: random nonce and code verifier (256 bits each). */
    public static PendingLogin start(String provider, URI redirectUri, UUID linkUserId, Instant expiresAt) {
        return new PendingLogin(provider, random(), random(), redirectUri, linkUserId, expiresAt);
    }

    /** 256 random bits, base64url: a state, a nonce, a PKCE code verifier (43 characters, RFC 7636 §4.1). */
    public static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The PKCE S256 challenge of the code verifier (RFC 7636 §4.2). */
    public String codeChallenge() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(codeVerifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This sign-in sealed for a cookie, bound to {@code state}. */
    public String seal(Keyring keyring, String state) {
        try {
            Sealed sealed = keyring.seal(EventJson.mapper().writeValueAsString(this), context(state));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sealed.bytes());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The sign-in this browser started with {@code state} at {@code provider}, still in date; 400
     * {@code OIDC_STATE_INVALID} otherwise (no cookie, another state, an altered cookie, another provider, too late).
     */
    public static PendingLogin open(Keyring keyring, String cookie, String state, String provider, Instant now) {
        if (cookie == null || state == null || state.isEmpty() || state.length() > MAX_STATE) {
            throw invalid();
        }
        PendingLogin pending;
        try {
            String json = keyring.open(Sealed.of(Base64.getUrlDecoder().decode(cookie)), context(state));
            pending = EventJson.mapper().readValue(json, PendingLogin.class);
        } catch (RuntimeException | JsonProcessingException e) {
            throw invalid();
        }
        if (!pending.provider().equals(provider) || !now.isBefore(pending.expiresAt())) {
            throw invalid();
        }
        return pending;
    }

    private static String context(String state) {
        return "oidc-login:" + state;
    }

    private static ApiException invalid() {
        return new ApiException(ErrorCode.INVALID_REQUEST, STATE_INVALID,
                "this sign-in was not started here, was altered or took too long: start it again");
    }

    @Override
    public String toString() {
        return "PendingLogin[provider=" + provider + ", linkUserId=" + linkUserId + ", expiresAt=" + expiresAt + "]";
    }
}
