package io.darktower.commands.claims;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Who holds a unique value, from the write side's claims ({@code event_store.unique_claims}): consistent from the
 * moment the claiming event is stored, where a read model follows a moment later. Sign-in looks an email up here
 * ({@code UserRules.EMAIL}), so signing in right after signing up works. Blocking (JDBC).
 */
@Component
public class ClaimOwners {

    private final JdbcTemplate jdbc;

    public ClaimOwners(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The owner id (the claiming aggregate's id) of {@code value} in {@code scope}, if anyone holds it. */
    public Optional<String> ownerOf(String scope, String value) {
        List<String> owners = jdbc.queryForList(
                "SELECT owner_id FROM event_store.unique_claims WHERE scope = ? AND claimed_value = ?", String.class,
                scope, value);
        return owners.stream().findFirst();
    }
}
