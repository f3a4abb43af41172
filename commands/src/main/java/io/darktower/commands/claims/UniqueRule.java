package io.darktower.commands.claims;

import io.darktower.commands.Rejected;
import java.util.function.Function;

/**
 * A set-based rule: within {@code scope}, a value belongs to one owner. Declared as a bean per rule; the event that
 * makes the claim is the one whose append the claim shares a transaction with.
 *
 * @param event  the event that claims the value
 * @param value  the claimed value, read from the event
 * @param owner  who owns it (the aggregate id): claiming it again for the same owner is a retry, not a conflict
 * @param taken  the rejection when another owner holds the value
 */
public record UniqueRule<E>(String scope, Class<E> event, Function<E, String> value, Function<E, String> owner,
                            Rejected.Reason taken) {

    public static <E> UniqueRule<E> of(String scope, Class<E> event, Function<E, String> value,
                                       Function<E, String> owner, Rejected.Reason taken) {
        return new UniqueRule<>(scope, event, value, owner, taken);
    }
}
