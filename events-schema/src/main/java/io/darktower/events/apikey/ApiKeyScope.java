package io.darktower.events.apikey;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** What an API key may do; the wire values are the seed's {@code api_keys.scopes} entries. Never rename one. */
public enum ApiKeyScope {
    MEETINGS_CREATE("meetings:create"),
    MEETINGS_READ("meetings:read"),
    MEETINGS_WRITE("meetings:write"),
    RECORDINGS_READ("recordings:read"),
    RECORDINGS_WRITE("recordings:write"),
    USERS_READ("users:read");

    private final String wire;

    ApiKeyScope(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static Optional<ApiKeyScope> find(String value) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(value)).findFirst();
    }

    @JsonCreator
    public static ApiKeyScope fromWire(String value) {
        return find(value).orElseThrow(() -> new IllegalArgumentException("unknown API key scope: " + value));
    }
}
