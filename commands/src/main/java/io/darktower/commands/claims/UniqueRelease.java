package io.darktower.commands.claims;

import java.util.function.Function;

/**
 * The end of a {@link UniqueRule}'s claim: the event after which its owner no longer holds the value (an OAuth
 * account unlinked), so another owner may claim it. Released in the transaction that appends the event; only the
 * owner's own claim is released.
 */
public record UniqueRelease<E>(String scope, Class<E> event, Function<E, String> value, Function<E, String> owner) {

    public static <E> UniqueRelease<E> of(String scope, Class<E> event, Function<E, String> value,
                                          Function<E, String> owner) {
        return new UniqueRelease<>(scope, event, value, owner);
    }
}
