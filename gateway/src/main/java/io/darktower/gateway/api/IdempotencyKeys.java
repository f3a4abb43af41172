package io.darktower.gateway.api;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.web.server.ServerWebExchange;

/**
 * Turns the {@code Idempotency-Key} header into the id of what a request creates: the same key gives the same
 * meeting or participant id, so the aggregate recognises a retry and answers it without a second event.
 * Without the header every request gets a fresh random id. Keys are scoped per caller ({@link Caller#identity()}):
 * the same key from two callers names two things, so one caller can neither collide with nor replay another's
 * request. Requests without credentials (sign-up) share one scope: such a client must use unguessable keys.
 */
public final class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    private static final int MAX_LENGTH = 255;

    private IdempotencyKeys() {
    }

    /** The id for this request's creation of {@code what}, derived from its key, or random without one. */
    public static UUID idFor(ServerWebExchange exchange, String what) {
        String key = exchange.getRequest().getHeaders().getFirst(HEADER);
        if (key == null) {
            return UUID.randomUUID();
        }
        if (key.isBlank() || key.length() > MAX_LENGTH || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw ApiException.invalid(HEADER + " must be 1 to " + MAX_LENGTH + " visible ASCII characters");
        }
        Caller caller = RequestContext.establish(exchange).caller();
        String scoped = caller == null ? key : caller.identity() + ":" + key;
        return UUID.nameUUIDFromBytes(("darktower:" + what + ":" + scoped).getBytes(StandardCharsets.UTF_8));
    }
}
