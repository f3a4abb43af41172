package io.darktower.commands.claims;

import io.darktower.commands.Rejected;
import io.darktower.commands.config.CommandSideConfiguration;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.beans.factory.ObjectProvider;
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
    private final List<UniqueRelease<?>> releases;
    private final ClaimOwners owners;

    UniqueClaims(JdbcTemplate jdbc, List<UniqueRule<?>> rules, ObjectProvider<UniqueRelease<?>> releases,
                 ClaimOwners owners) {
        this.jdbc = jdbc;
        this.owners = owners;
        this.rules = rules;
        this.releases = releases.orderedStream().toList();
    }

    @EventHandler
    void on(Object event) {
        for (UniqueRule<?> rule : rules) {
            if (rule.event().isInstance(event)) {
                claim(rule, event);
            }
        }
        for (UniqueRelease<?> release : releases) {
            if (release.event().isInstance(event)) {
                release(release, event);
            }
        }
    }

    private <E> void release(UniqueRelease<E> release, Object event) {
        E typed = release.event().cast(event);
        jdbc.update("DELETE FROM event_store.unique_claims WHERE scope = ? AND claimed_value = ? AND owner_id = ?",
                release.scope(), release.value().apply(typed), release.owner().apply(typed));
    }

    private <E> void claim(UniqueRule<E> rule, Object event) {
        E typed = rule.event().cast(event);
        String value = rule.value().apply(typed);
        String owner = rule.owner().apply(typed);
        int inserted = jdbc.update("""
                INSERT INTO event_store.unique_claims (scope, claimed_value, owner_id) VALUES (?, ?, ?)
                ON CONFLICT (scope, claimed_value) DO NOTHING""", rule.scope(), value, owner);
        if (inserted == 0) {
            String holder = owners.ownerOf(rule.scope(), value).orElse(null);
            if (!owner.equals(holder)) {
                throw new Rejected(rule.taken(), rule.scope() + " '" + value + "' is taken");
            }
        }
    }
}
