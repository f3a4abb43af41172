package io.darktower.events.apikey;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * Retention: the key was revoked or is past its {@code expires_at} (the seed keeps API keys "until revoked/expired"),
 * so its row leaves {@code api_keys}. The key authenticated no more before this; the events before it stay in the log
 * and a rebuild applies this one too, so the row does not come back.
 */
public record ApiKeyPurged(UUID keyId, UUID userId, Reason reason, Instant purgedAt) implements ApiKeyEvent {

    /** Why the key's time was over. Wire values never change. */
    public enum Reason {
        EXPIRED("expired"),
        REVOKED("revoked");

        private final String wire;

        Reason(String wire) {
            this.wire = wire;
        }

        @JsonValue
        public String wire() {
            return wire;
        }

        @JsonCreator
        public static Reason fromWire(String value) {
            return Arrays.stream(values()).filter(r -> r.wire.equals(value)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown purge reason: " + value));
        }
    }

    public ApiKeyPurged {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(purgedAt, "purgedAt");
    }
}
