package io.darktower.gateway.oidc;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.darktower.crypto.Keyring;
import io.darktower.errors.ErrorCode;
import io.darktower.gateway.api.ApiException;
import io.darktower.gateway.api.Callers;
import io.darktower.gateway.api.RequestContext;
import io.darktower.gateway.auth.SessionTokens;
import io.darktower.gateway.auth.TokenResponse;
import io.darktower.gateway.oidc.OidcAccounts.Outcome;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpCookie;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * Sign-in and account linking with an OpenID Connect provider: the authorization-code flow with PKCE (S256), a
 * {@code state} bound to the browser ({@link PendingLogin}) and a {@code nonce}. Every endpoint here is public (no
 * bearer token): a browser is sent to them by redirects. Starting a <em>link</em> needs the signed-in caller, so it is
 * a POST a client makes with its credentials, answering the provider's URI to send the browser to.
 */
@RestController
@RequestMapping(path = OidcController.BASE, produces = MediaType.APPLICATION_JSON_VALUE)
public class OidcController {

    static final String BASE = "/api/v1/auth/oidc";
    static final String COOKIE = "DT_OIDC";
    /** The provider answered the callback with an error (the user declined, or the provider refused the request). */
    static final String PROVIDER_REFUSED = "OIDC_PROVIDER_REFUSED";

    private final OidcProviders providers;
    private final OidcLogin login;
    private final OidcAccounts accounts;
    private final SessionTokens sessions;
    private final Keyring keyring;
    private final Duration flowTimeout;
    // PostgreSQL keeps microseconds: the time in a command is the time every read model shows
    private final Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));

    public OidcController(OidcProviders providers, OidcLogin login, OidcAccounts accounts, SessionTokens sessions,
                          Keyring keyring, OidcProperties properties) {
        this.providers = providers;
        this.login = login;
        this.accounts = accounts;
        this.sessions = sessions;
        this.keyring = keyring;
        this.flowTimeout = properties.flowTimeout();
    }

    /** The started link: where to send the browser. */
    public record LinkStarted(URI authorizationUri) {
    }

    /**
     * A finished sign-in: who signed in and how, with the platform's tokens for that user, in the token endpoint's shape
     * (as {@code POST /api/v1/auth/token} answers a password grant).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SignInAnswer(@JsonProperty("user_id") UUID userId, String provider, Outcome outcome,
                               @JsonUnwrapped TokenResponse tokens) {
    }

    /** Starts a sign-in: 302 to the provider's authorization endpoint. */
    @GetMapping("/{provider}/authorize")
    public Mono<ResponseEntity<Void>> authorize(@PathVariable String provider, ServerWebExchange exchange) {
        RequestContext.of(exchange);
        return start(provider, null, exchange).map(uri -> ResponseEntity.status(302).location(uri).<Void>build());
    }

    /** Starts linking a provider account to the signed-in caller: 200 with the URI to send the browser to. */
    @PostMapping("/{provider}/link")
    public Mono<LinkStarted> link(@PathVariable String provider, ServerWebExchange exchange) {
        UUID caller = RequestContext.of(exchange).userId();
        if (caller == null) {
            return Mono.error(new ApiException(ErrorCode.UNAUTHORIZED, Callers.CALLER_REQUIRED,
                    "linking a provider needs a signed-in user"));
        }
        return start(provider, caller, exchange).map(LinkStarted::new);
    }

    /**
     * The provider sends the browser back here. Refused, with nothing written: a state this browser did not start
     * (400 {@code OIDC_STATE_INVALID}), an error from the provider (401 {@code OIDC_PROVIDER_REFUSED}), a code the
     * provider does not redeem for this sign-in's PKCE verifier (401 {@code OIDC_CODE_REJECTED}), an ID token that is
     * not valid (401 {@code OIDC_ID_TOKEN_INVALID}) or not this sign-in's (401 {@code OIDC_NONCE_MISMATCH}).
     */
    @GetMapping("/{provider}/callback")
    public Mono<SignInAnswer> callback(@PathVariable String provider,
                                       @RequestParam(required = false) String code,
                                       @RequestParam(required = false) String state,
                                       @RequestParam(required = false) String error,
                                       ServerWebExchange exchange) {
        RequestContext context = RequestContext.of(exchange);
        Instant now = clock.instant();
        HttpCookie cookie = exchange.getRequest().getCookies().getFirst(COOKIE);
        PendingLogin pending = PendingLogin.open(keyring, cookie == null ? null : cookie.getValue(), state, provider, now);
        // the sign-in this browser started is used up, whatever comes of it
        exchange.getResponse().addCookie(cookie("", Duration.ZERO, pending.redirectUri()));
        if (error != null) {
            return Mono.error(new ApiException(ErrorCode.UNAUTHORIZED, PROVIDER_REFUSED,
                    "the provider did not sign the user in"));
        }
        if (code == null || code.isEmpty()) {
            return Mono.error(ApiException.invalid("the callback carries no code"));
        }
        return providers.provider(provider)
                .flatMap(resolved -> login.finish(resolved, pending, code, now))
                .flatMap(account -> accounts.signIn(account, pending.linkUserId(), now, context))
                .flatMap(signedIn -> sessions.issueFor(signedIn.userId(), context)
                        .map(tokens -> new SignInAnswer(signedIn.userId(), signedIn.provider(), signedIn.outcome(), tokens)));
    }

    /** A new sign-in: its sealed cookie set, the provider's authorization URI answered. */
    private Mono<URI> start(String provider, UUID linkUserId, ServerWebExchange exchange) {
        return providers.provider(provider).map(resolved -> {
            OidcProperties.Provider settings = resolved.settings();
            URI redirectUri = settings.redirectUri() != null ? settings.redirectUri()
                    : UriComponentsBuilder.fromUri(exchange.getRequest().getURI())
                            .replacePath(BASE + "/" + provider + "/callback").replaceQuery(null).fragment(null)
                            .build().toUri();
            String state = PendingLogin.random();
            PendingLogin pending = PendingLogin.start(provider, redirectUri, linkUserId, clock.instant().plus(flowTimeout));
            exchange.getResponse().addCookie(cookie(pending.seal(keyring, state), flowTimeout, redirectUri));
            return UriComponentsBuilder.fromUri(resolved.endpoints().authorizationEndpoint())
                    .queryParam("response_type", "code")
                    .queryParam("client_id", settings.clientId())
                    .queryParam("redirect_uri", redirectUri)
                    .queryParam("scope", String.join(" ", settings.scopes()))
                    .queryParam("state", state)
                    .queryParam("nonce", pending.nonce())
                    .queryParam("code_challenge", pending.codeChallenge())
                    .queryParam("code_challenge_method", "S256")
                    .encode().build().toUri();
        });
    }

    /** HttpOnly, sent back only to these endpoints, on the provider's redirect (Lax), over TLS when the callback is. */
    private static ResponseCookie cookie(String value, Duration maxAge, URI redirectUri) {
        return ResponseCookie.from(COOKIE, value)
                .httpOnly(true)
                .secure("https".equalsIgnoreCase(redirectUri.getScheme()))
                .sameSite("Lax")
                .path(BASE + "/")
                .maxAge(maxAge)
                .build();
    }
}
