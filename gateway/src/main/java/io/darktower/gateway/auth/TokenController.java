package io.darktower.gateway.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.darktower.commands.meeting.MeetingRejection;
import io.darktower.errors.ErrorCode;
import io.darktower.gateway.api.ApiException;
import io.darktower.gateway.api.PathIds;
import io.darktower.gateway.api.RequestContext;
import io.darktower.gateway.meeting.MeetingCodes;
import io.darktower.gateway.user.PasswordLogin;
import io.darktower.queries.meeting.MeetingQueries;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The token endpoint ({@code POST /api/v1/auth/token}, OAuth 2.0's: form-encoded as RFC 6749 has it, or the same fields
 * as JSON) with the password, refresh-token and client-credentials grants; logout; guest tokens; the public signing
 * keys ({@code /.well-known/jwks.json}); and an administrator's signing-key rotation. Errors are problems with the
 * stable codes (400 INVALID_REQUEST, 401 UNAUTHORIZED with reasons INVALID_CREDENTIALS, INVALID_GRANT, INVALID_CLIENT).
 */
@RestController
public class TokenController {

    static final String UNSUPPORTED_GRANT_TYPE = "UNSUPPORTED_GRANT_TYPE";

    private final PasswordLogin passwords;
    private final SessionTokens sessions;
    private final ClientCredentials clients;
    private final MeetingTokens meetingTokens;
    private final TokenRevocations revocations;
    private final SigningKeys keys;
    private final MeetingQueries meetings;

    public TokenController(PasswordLogin passwords, SessionTokens sessions, ClientCredentials clients,
                           MeetingTokens meetingTokens, TokenRevocations revocations, SigningKeys keys,
                           MeetingQueries meetings) {
        this.meetings = meetings;
        this.passwords = passwords;
        this.sessions = sessions;
        this.clients = clients;
        this.meetingTokens = meetingTokens;
        this.revocations = revocations;
        this.keys = keys;
    }

    /** A guest's request for a token to one meeting, named by its id or by the code a person was given. */
    record GuestBody(String meetingId, String meetingCode) {
    }

    /** A guest's token (OAuth's fields) and the meeting it is good for. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GuestToken(@JsonProperty("access_token") String accessToken, @JsonProperty("token_type") String tokenType,
                             @JsonProperty("expires_in") long expiresIn, @JsonProperty("meeting_id") UUID meetingId) {
    }

    /** The id of the key that signs from now on. */
    public record RotatedKey(String keyId) {
    }

    @PostMapping(path = "/api/v1/auth/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<TokenResponse>> tokenFromForm(ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> token(form, exchange));
    }

    @PostMapping(path = "/api/v1/auth/token", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<TokenResponse>> tokenFromJson(@RequestBody Mono<Map<String, Object>> body,
                                                             ServerWebExchange exchange) {
        return body.switchIfEmpty(Mono.error(() -> ApiException.invalid("a JSON body is required")))
                .flatMap(fields -> {
                    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
                    fields.forEach((name, value) -> {
                        if (value != null) {
                            form.add(name, value.toString());
                        }
                    });
                    return token(form, exchange);
                });
    }

    private Mono<ResponseEntity<TokenResponse>> token(MultiValueMap<String, String> form, ServerWebExchange exchange) {
        String grant = form.getFirst("grant_type");
        RequestContext context = RequestContext.of(exchange);
        Mono<TokenResponse> answer = switch (grant == null ? "" : grant) {
            case "password" -> passwords.logIn(required(form, "username"), required(form, "password"), context)
                    .flatMap(userId -> sessions.issueFor(userId, context));
            case "refresh_token" -> sessions.refresh(required(form, "refresh_token"));
            case "client_credentials" -> {
                String[] basic = basicCredentials(exchange);
                yield clients.grant(basic != null ? basic[0] : form.getFirst("client_id"),
                        basic != null ? basic[1] : form.getFirst("client_secret"), scopes(form.getFirst("scope")));
            }
            case "" -> Mono.error(ApiException.invalid("grant_type is required"));
            default -> Mono.error(new ApiException(ErrorCode.INVALID_REQUEST, UNSUPPORTED_GRANT_TYPE,
                    "grant_type must be password, refresh_token or client_credentials"));
        };
        // RFC 6749 §5.1: token answers are never cached
        return answer.map(tokens -> ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(tokens));
    }

    /**
     * Logs out: the presented token is refused from now on ({@code token:blacklist:{hash}} until it would have expired)
     * and, for a signed-in user, the whole session too: its refresh tokens and every other access token of it.
     */
    @PostMapping("/api/v1/auth/logout")
    public Mono<ResponseEntity<Void>> logout(ServerWebExchange exchange) {
        CallerAuthentication auth = exchange.getAttribute(CallerAuthentication.class.getName());
        if (auth == null || auth.tokenHash() == null) {
            return Mono.just(ResponseEntity.noContent().build()); // an API key is revoked, not logged out
        }
        Mono<Void> session = auth.sessionId() == null ? Mono.empty() : sessions.endSession(auth.sessionId());
        return revocations.revokeToken(auth.tokenHash(), auth.expiresAt(), RefreshTokens.LOGGED_OUT)
                .then(session)
                .then(Mono.fromSupplier(() -> ResponseEntity.noContent().build()));
    }

    /**
     * A guest's token for one meeting. By code, the meeting must be known to the read model, and one that admits
     * signed-in users only is refused at once (401 AUTHENTICATION_REQUIRED); by id, the meeting decides at the join.
     */
    @PostMapping(path = "/api/v1/auth/guest", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<GuestToken>> guest(@RequestBody Mono<GuestBody> body) {
        return body.switchIfEmpty(Mono.error(() -> ApiException.invalid("a JSON body is required")))
                .flatMap(request -> {
                    if (request.meetingCode() != null) {
                        return meetings.findMeetingByCode(MeetingCodes.checked(request.meetingCode()))
                                .switchIfEmpty(Mono.error(() -> ApiException.notFound("no meeting with code " + request.meetingCode())))
                                .map(meeting -> {
                                    if (meeting.settings().requireAuth()) {
                                        throw new ApiException(ErrorCode.UNAUTHORIZED, MeetingRejection.AUTHENTICATION_REQUIRED.name(),
                                                "this meeting admits signed-in users only");
                                    }
                                    return meeting.meetingId();
                                });
                    }
                    if (request.meetingId() == null) {
                        return Mono.error(ApiException.invalid("meetingId or meetingCode is required"));
                    }
                    return Mono.just(PathIds.uuid(request.meetingId(), "meeting id"));
                })
                .flatMap(meetingId -> meetingTokens.guestToken(meetingId)
                        .map(token -> new GuestToken(token.accessToken(), token.tokenType(), token.expiresIn(), meetingId)))
                .map(token -> ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(token));
    }

    @GetMapping(path = "/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> jwks() {
        return keys.publicKeys().toJSONObject(true);
    }

    /** Starts signing with a new key (administrators); tokens signed with the previous ones stay valid until they expire. */
    @PostMapping(path = "/api/v1/auth/signing-keys/rotate", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<RotatedKey> rotate() {
        return Mono.fromCallable(() -> new RotatedKey(keys.rotate()))
                .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic());
    }

    private static String required(MultiValueMap<String, String> form, String field) {
        String value = form.getFirst(field);
        if (value == null || value.isEmpty()) {
            throw ApiException.invalid(field + " is required");
        }
        return value;
    }

    private static Set<String> scopes(String scope) {
        return scope == null || scope.isBlank() ? null : new LinkedHashSet<>(Arrays.asList(scope.trim().split(" +")));
    }

    /** RFC 6749 §2.3.1: {@code Authorization: Basic} with the client id and secret; null without. */
    private static String[] basicCredentials(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw ApiException.invalid("malformed Basic credentials");
            }
            return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("malformed Basic credentials");
        }
    }
}
