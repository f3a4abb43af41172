package io.darktower.commands.claims;

import io.darktower.commands.Rejected;
import io.darktower.commands.config.CommandSideConfiguration;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Enforces every {@link UniqueRule} in the transaction that appends the claiming event ({@code event_store.unique_claims}):
 * a value held by another owner fails the command, and neither the event nor the claim is stored. Never reads a
 * projection.
 */
@Component
@ProcessingGroup(CommandSideConfiguration.IN_TRANSACTION_GROUP)
class UniqueClaims {

    private final JdbcTemplate jdbc;
    private final List<UniqueRule<?>> rules;

    UniqueClaims(JdbcTemplate jdbc, List<UniqueRule<?>> rules) {
        this.jdbc = jdbc;
        this.rules = rules;
    }

    @EventHandler
    void on(Object event) {
        for (UniqueRule<?> rule : rules) {
            if (rule.event().isInstance(event)) {
                claim(rule, event);
            }
        }
    }

    private <E> void claim(UniqueRule<E> rule, Object event) {
        E typed = rule.event().cast(event);
        String value = rule.value().apply(typed);
        String owner = rule.owner().apply(typed);
        int inserted = jdbc.update("""
                INSERT INTO event_store.unique_claims (scope, claimed_value, owner_id) VALUES (?, ?, ?)
                ON CONFLICT (scope, claimed_value) DO NOTHING""", rule.scope(), value, owner);
        if (inserted == 0) {
            String holder = jdbc.queryForObject(
                    "SELECT owner_id FROM event_store.unique_claims WHERE scope = ? AND claimed_value = ?",
                    String.class, rule.scope(), value);
            if (!owner.equals(holder)) {
                throw new Rejected(rule.taken(), rule.scope() + " '" + value + "' is taken");
            }
        }
    }
}
