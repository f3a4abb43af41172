package io.darktower.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The platform's HTTP API as the benchmark calls it. Every request is bounded: the connect timeout, the
 * request timeout (until the response starts), and a hard wait of the same length on the whole exchange, body
 * included, after which the exchange is cancelled; a platform that hangs therefore costs one timeout per client,
 * not a run that never ends. When the run is aborted the exchanges in flight are cancelled at once. Each
 * outcome is reported to the {@link RunGuard}.
 */
final class HttpDriver {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final Duration timeout;
    private final RunGuard guard;
    private final HttpClient http;
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    /** The bench user's bearer token, renewed with its refresh token well before it expires. */
    private volatile Session session;

    private record Session(String accessToken, String refreshToken, long renewAtNanos) {
    }

    HttpDriver(URI base, Duration timeout, RunGuard guard) {
        this.base = base;
        this.timeout = timeout;
        this.guard = guard;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        guard.onAbort(() -> inFlight.forEach(exchange -> exchange.cancel(true)));
    }

    /**
     * Signs a user of its own up and in (password grant), as a client does before its first call; every request of the
     * run then carries the access token. Not counted as load.
     */
    void signUp() {
        String email = "bench-" + java.util.UUID.randomUUID() + "@example.com";
        String password = "bench password " + java.util.UUID.randomUUID();
        HttpResponse<String> registered = unmeasured(unauthenticated("/api/v1/users").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"displayName\":\"Bench\",\"password\":\""
                        + password + "\"}")).build());
        if (registered.statusCode() != 201) {
            throw new RequestFailed("sign-up -> " + registered.statusCode() + " " + abbreviate(registered.body()), null);
        }
        session = tokens("grant_type=password&username=" + form(email) + "&password=" + form(password));
    }

    private synchronized Session current() {
        Session current = session;
        if (current != null && System.nanoTime() - current.renewAtNanos() > 0) {
            session = current = tokens("grant_type=refresh_token&refresh_token=" + form(current.refreshToken()));
        }
        return current;
    }

    private Session tokens(String form) {
        HttpResponse<String> answer = unmeasured(unauthenticated("/api/v1/auth/token")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        try {
            JsonNode tokens = JSON.readTree(answer.body());
            if (answer.statusCode() != 200) {
                throw new RequestFailed("token -> " + answer.statusCode() + " " + abbreviate(answer.body()), null);
            }
            // renewed at two thirds of its life: no request of the run meets an expired token
            long renewIn = TimeUnit.SECONDS.toNanos(tokens.get("expires_in").asLong() * 2 / 3);
            return new Session(tokens.get("access_token").asText(), tokens.get("refresh_token").asText(),
                    System.nanoTime() + renewIn);
        } catch (IOException e) {
            throw new RequestFailed("token: unreadable body", e);
        }
    }

    private HttpResponse<String> unmeasured(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RequestFailed(request.method() + " " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestFailed("interrupted", e);
        }
    }

    private static String form(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Creates a meeting with room for {@code participants}; returns its id. */
    String createMeeting(String name, int participants) {
        return post("/api/v1/meetings", "{\"displayName\":\"" + name + "\",\"maxParticipants\":" + participants + "}")
                .get("meetingId").asText();
    }

    /** Joins a participant; returns the participant's id. */
    String join(String meetingId, String name) {
        return post("/api/v1/meetings/" + meetingId + "/participants", "{\"displayName\":\"" + name + "\"}")
                .get("participantId").asText();
    }

    void leave(String meetingId, String participantId) {
        send(request("/api/v1/meetings/" + meetingId + "/participants/" + participantId).DELETE().build(), 204);
    }

    private JsonNode post(String path, String body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), 201);
    }

    private HttpRequest.Builder request(String path) {
        Session current = session == null ? null : current();
        HttpRequest.Builder request = unauthenticated(path);
        return current == null ? request : request.header("Authorization", "Bearer " + current.accessToken());
    }

    private HttpRequest.Builder unauthenticated(String path) {
        return HttpRequest.newBuilder(base.resolve(base.getPath() + path)).timeout(timeout);
    }

    private JsonNode send(HttpRequest request, int expected) {
        guard.requestStarted();
        HttpResponse<String> response;
        CompletableFuture<HttpResponse<String>> exchange = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        inFlight.add(exchange);
        try {
            response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (CancellationException e) {
            throw cancelled(request, e);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            guard.unanswered("no answer within " + timeout.toMillis() + " ms");
            throw new RequestFailed(request.method() + " " + request.uri() + ": no answer within " + timeout, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CancellationException && guard.aborted()) {
                throw cancelled(request, e);
            }
            guard.unanswered(describe(e.getCause()));
            throw new RequestFailed(request.method() + " " + request.uri() + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            guard.unanswered("interrupted");
            throw new RequestFailed("interrupted", e);
        } finally {
            inFlight.remove(exchange);
        }
        if (response.statusCode() != expected) {
            String failure = request.method() + " " + request.uri() + " -> " + response.statusCode() + " "
                    + abbreviate(response.body());
            guard.answered(false, failure);
            throw new RequestFailed(failure, null);
        }
        guard.answered(true, "");
        try {
            return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new RequestFailed(request.method() + " " + request.uri() + ": unreadable body", e);
        }
    }

    private Cancelled cancelled(HttpRequest request, Exception e) {
        guard.unanswered("cancelled: the run was aborted");
        return new Cancelled(request.method() + " " + request.uri() + ": cancelled, the run was aborted", e);
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static String abbreviate(String body) {
        return body.length() <= 200 ? body : body.substring(0, 200) + "...";
    }

    /** A request that did not get the expected answer; counted as an error of its operation. */
    static class RequestFailed extends RuntimeException {
        RequestFailed(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    /** A request in flight when the run was aborted: neither a success nor the platform's error. */
    static final class Cancelled extends RequestFailed {
        Cancelled(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
