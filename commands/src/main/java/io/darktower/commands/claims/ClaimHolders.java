package io.darktower.commands.claims;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Who holds a unique value now, as the write side knows it ({@code event_store.unique_claims}): consistent with every
 * command already committed, unlike a read model that catches up later. For a caller that must find the owner of a
 * value before commanding it (an OpenID Connect sign-in finds the user a provider account is linked to). Blocking JDBC.
 */
@Component
public class ClaimHolders {

    private final JdbcTemplate jdbc;

    public ClaimHolders(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The owner id holding {@code value} in {@code scope}, if any. */
    public Optional<String> holder(String scope, String value) {
        List<String> owners = jdbc.queryForList(
                "SELECT owner_id FROM event_store.unique_claims WHERE scope = ? AND claimed_value = ?",
                String.class, scope, value);
        return owners.stream().findFirst();
    }
}
