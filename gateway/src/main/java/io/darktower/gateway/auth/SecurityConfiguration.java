package io.darktower.gateway.auth;

import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.PATCH;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import io.darktower.errors.ErrorCode;
import io.darktower.gateway.api.Callers;
import io.darktower.gateway.api.Caller;
import io.darktower.gateway.api.RequestContext;
import io.darktower.gateway.api.Scopes;
import io.darktower.gateway.ratelimit.RateLimitFilter;
import java.net.InetSocketAddress;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/**
 * Who may call what (the matrix of {@code docs/api.md}), enforced before any handler runs: the endpoint's scope, the
 * kind of caller (service endpoints, account changes), administrators. What depends on a meeting's state (only the
 * host ends, kicks, admits; a participant leaves only itself) is decided by the meeting itself, from the caller this
 * chain establishes: {@link Caller} on the exchange, which {@link RequestContext} reads.
 *
 * <p>Stateless: no session, no CSRF (no cookies), no saved requests. Refusals are problem+json: 401 {@code UNAUTHORIZED}
 * with {@code WWW-Authenticate}, 403 {@code FORBIDDEN} for a caller whose token does not allow the request. Both are
 * rate-limited ({@link RateLimitFilter#countRefused}, {@link RateLimitFilter#countDenied}).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties(AuthProperties.class)
public class SecurityConfiguration {

    /** The reason of a 401 for a token that is malformed, forged, expired or revoked. */
    public static final String INVALID_TOKEN = "INVALID_TOKEN";
    /** The reason of a 403 for a caller whose token does not allow the request. */
    public static final String INSUFFICIENT_SCOPE = "INSUFFICIENT_SCOPE";

    private static final String MEETING = "/api/v1/meetings/{meetingId}";
    private static final String PARTICIPANT = MEETING + "/participants/{participantId}";

    @Bean
    SecurityWebFilterChain apiSecurity(ServerHttpSecurity http, BearerAuthentication bearer, ProblemAnswers problems,
                                       RateLimitFilter rateLimits) {
        // refusals never reach the rate limiter (ordered after this chain): they are counted here, 401s per client IP
        // (guessed tokens and keys), 403s for their caller; over the limit, the answer is 429 instead
        ServerAuthenticationEntryPoint unauthorized = (exchange, failure) -> rateLimits.countRefused(exchange)
                .flatMap(allowed -> allowed ? unauthorized(problems, exchange, failure) : tooMany(problems, exchange));
        ServerAccessDeniedHandler forbidden = (exchange, denied) -> rateLimits.countDenied(exchange)
                .flatMap(allowed -> allowed ? problems.write(exchange, ErrorCode.FORBIDDEN, INSUFFICIENT_SCOPE,
                        "the caller's credentials do not allow this request", "Bearer error=\"insufficient_scope\"")
                        : tooMany(problems, exchange));
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .oauth2ResourceServer(server -> server
                        .authenticationManagerResolver(exchange -> Mono.just(bearer))
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .addFilterBefore(callerOnExchange(), SecurityWebFiltersOrder.AUTHORIZATION)
                .authorizeExchange(rules -> rules
                        // open: signing up and in, tokens, their keys, health, the API's description
                        .pathMatchers(POST, "/api/v1/users", "/api/v1/users/login", "/api/v1/auth/token",
                                "/api/v1/auth/guest").permitAll()
                        .pathMatchers(GET, "/.well-known/jwks.json", "/actuator/health", "/actuator/health/**", "/actuator/info",
                                "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/webjars/**").permitAll()
                        // the browser client page (static files): it signs in or takes a guest token itself
                        .pathMatchers(GET, "/app", "/app/**").permitAll()
                        // OpenID Connect sign-in: a browser is redirected to these, without a token; linking is the user's
                        .pathMatchers(GET, "/api/v1/auth/oidc/*/authorize", "/api/v1/auth/oidc/*/callback").permitAll()
                        .pathMatchers(POST, "/api/v1/auth/oidc/*/link").hasAuthority(CallerAuthentication.kind(Caller.Kind.USER))
                        // operations: from this machine (the platform's management port listens on 127.0.0.1 only)
                        .matchers(SecurityConfiguration::fromThisMachineToActuator).permitAll()
                        .pathMatchers("/actuator/**").hasRole(CallerAuthentication.ADMIN)
                        // internal: meeting controllers, media handlers, the recorder (service clients)
                        .pathMatchers(GET, "/api/v1/controllers/**", "/api/v1/media-handlers/**")
                                .hasAnyAuthority(scope(Scopes.NODES), "ROLE_" + CallerAuthentication.ADMIN)
                        .pathMatchers("/api/v1/controllers/**", "/api/v1/media-handlers/**").hasAuthority(scope(Scopes.NODES))
                        .pathMatchers(POST, "/api/v1/recordings/*/processing", "/api/v1/recordings/*/ready",
                                "/api/v1/recordings/*/failed").hasAuthority(scope(Scopes.NODES))
                        .pathMatchers("/api/v1/audit/**", "/api/v1/auth/signing-keys/**").hasRole(CallerAuthentication.ADMIN)
                        .pathMatchers(POST, "/api/v1/users/*/erase").hasRole(CallerAuthentication.ADMIN)
                        // a guest (or a participant) in its own meeting; anyone else by scope
                        .pathMatchers(POST, MEETING + "/participants").access(scopeOrOwnMeeting(Scopes.MEETINGS_WRITE, false))
                        .pathMatchers(DELETE, PARTICIPANT).access(scopeOrOwnMeeting(Scopes.MEETINGS_WRITE, true))
                        .pathMatchers(PARTICIPANT + "/heartbeat", PARTICIPANT + "/streams", PARTICIPANT + "/streams/**",
                                PARTICIPANT + "/subscriptions/**").access(scopeOrOwnMeeting(Scopes.MEETINGS_WRITE, true))
                        .pathMatchers(GET, MEETING, MEETING + "/events", MEETING + "/participants")
                                .access(scopeOrOwnMeeting(Scopes.MEETINGS_READ, false))
                        // recordings
                        .pathMatchers(POST, MEETING + "/recordings").hasAuthority(scope(Scopes.RECORDINGS_WRITE))
                        .pathMatchers(GET, MEETING + "/recordings", "/api/v1/recordings/**").hasAuthority(scope(Scopes.RECORDINGS_READ))
                        .pathMatchers("/api/v1/recordings/**").hasAuthority(scope(Scopes.RECORDINGS_WRITE))
                        // meetings
                        .pathMatchers(POST, "/api/v1/meetings").hasAuthority(scope(Scopes.MEETINGS_CREATE))
                        .pathMatchers(GET, "/api/v1/meetings", "/api/v1/meetings/**").hasAuthority(scope(Scopes.MEETINGS_READ))
                        .pathMatchers(POST, "/api/v1/meetings/**").hasAuthority(scope(Scopes.MEETINGS_WRITE))
                        .pathMatchers(PATCH, "/api/v1/meetings/**").hasAuthority(scope(Scopes.MEETINGS_WRITE))
                        .pathMatchers(PUT, "/api/v1/meetings/**").hasAuthority(scope(Scopes.MEETINGS_WRITE))
                        .pathMatchers(DELETE, "/api/v1/meetings/**").hasAuthority(scope(Scopes.MEETINGS_WRITE))
                        // accounts: reading with users:read; changing (password, keys, links) by the signed-in user only
                        .pathMatchers("/api/v1/api-keys/self").hasAuthority(CallerAuthentication.kind(Caller.Kind.API_KEY))
                        .pathMatchers(GET, "/api/v1/users/**").hasAuthority(scope(Scopes.USERS_READ))
                        .pathMatchers("/api/v1/users/**").hasAuthority(CallerAuthentication.kind(Caller.Kind.USER))
                        .anyExchange().authenticated())
                .build();
    }

    private static Mono<Void> unauthorized(ProblemAnswers problems, ServerWebExchange exchange,
                                           AuthenticationException failure) {
        return invalidToken(failure)
                ? problems.write(exchange, ErrorCode.UNAUTHORIZED, INVALID_TOKEN, failure.getMessage(),
                        "Bearer error=\"invalid_token\", error_description=\"" + failure.getMessage() + "\"")
                : problems.write(exchange, ErrorCode.UNAUTHORIZED, Callers.CALLER_REQUIRED,
                        "this needs an access token or an API key", "Bearer");
    }

    private static Mono<Void> tooMany(ProblemAnswers problems, ServerWebExchange exchange) {
        return problems.write(exchange, ErrorCode.RATE_LIMITED, null, RateLimitFilter.TOO_MANY, null);
    }

    private static Mono<ServerWebExchangeMatcher.MatchResult> fromThisMachineToActuator(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        boolean local = remote != null && remote.getAddress() != null && remote.getAddress().isLoopbackAddress();
        return local && exchange.getRequest().getPath().value().startsWith("/actuator/")
                ? ServerWebExchangeMatcher.MatchResult.match() : ServerWebExchangeMatcher.MatchResult.notMatch();
    }

    private static boolean invalidToken(AuthenticationException failure) {
        return failure instanceof OAuth2AuthenticationException;
    }

    private static String scope(String scope) {
        return CallerAuthentication.scope(scope);
    }

    /**
     * Allowed with {@code scope}, or with a guest or join token of the path's meeting (and, with {@code ownParticipant},
     * a join token of the path's participant: a participant acts only as itself).
     */
    private static ReactiveAuthorizationManager<AuthorizationContext> scopeOrOwnMeeting(String scope, boolean ownParticipant) {
        return (authentication, context) -> authentication
                .filter(CallerAuthentication.class::isInstance)
                .map(CallerAuthentication.class::cast)
                .map(auth -> {
                    Caller caller = auth.caller();
                    if (caller.has(scope)) {
                        return true;
                    }
                    Object meeting = context.getVariables().get("meetingId");
                    if (caller.meetingId() == null || !caller.meetingId().toString().equals(meeting)) {
                        return false;
                    }
                    if (ownParticipant) {
                        return caller.kind() == Caller.Kind.PARTICIPANT
                                && caller.participantId().toString().equals(context.getVariables().get("participantId"));
                    }
                    return true;
                })
                .defaultIfEmpty(false)
                .map(AuthorizationDecision::new);
    }

    /**
     * Puts the authenticated caller on the exchange ({@link Caller#ATTRIBUTE}) inside the chain, before authorization,
     * so every handler and every filter after the chain (rate limits) reads it through {@link RequestContext}.
     */
    private static WebFilter callerOnExchange() {
        return (exchange, chain) -> ReactiveSecurityContextHolder.getContext()
                .map(SecurityContext::getAuthentication)
                .filter(CallerAuthentication.class::isInstance)
                .map(CallerAuthentication.class::cast)
                .doOnNext(auth -> {
                    exchange.getAttributes().put(Caller.ATTRIBUTE, auth.caller());
                    exchange.getAttributes().put(CallerAuthentication.class.getName(), auth);
                    RequestContext.establish(exchange);
                })
                .then(chain.filter(exchange));
    }
}
