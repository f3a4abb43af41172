package io.darktower.commands.user;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The account an email belongs to, from the write side's claim on it ({@link UserRules#EMAIL} in
 * {@code event_store.unique_claims}): consistent from the moment the registration is stored, where the read model's
 * {@code users} follows a moment later. Sign-in looks the email up here, so signing in right after signing up works.
 * Blocking (JDBC).
 */
@Component
public class UserEmails {

    private final JdbcTemplate jdbc;

    public UserEmails(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<UUID> ownerOf(String email) {
        List<String> owners = jdbc.queryForList(
                "SELECT owner_id FROM event_store.unique_claims WHERE scope = ? AND claimed_value = ?", String.class,
                UserRules.EMAIL, User.normalisedEmail(email));
        return owners.stream().findFirst().map(UUID::fromString);
    }
}
