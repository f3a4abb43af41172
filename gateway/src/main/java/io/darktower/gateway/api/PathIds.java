package io.darktower.gateway.api;

import java.util.UUID;

/** Ids in request paths: a malformed one is the caller's error (400), named. */
public final class PathIds {

    private PathIds() {
    }

    public static UUID uuid(String value, String what) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(what + " '" + value + "' is not a UUID");
        }
    }
}
