package io.darktower.events.user;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** Why a sign-in was refused. */
public enum LoginFailure {
    WRONG_PASSWORD("wrong_password"),
    /** The account has no password: it signs in through an OAuth provider only. */
    NO_PASSWORD("no_password"),
    DEACTIVATED("deactivated");

    private final String wire;

    LoginFailure(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static LoginFailure fromWire(String value) {
        return Arrays.stream(values()).filter(r -> r.wire.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown login failure: " + value));
    }
}
