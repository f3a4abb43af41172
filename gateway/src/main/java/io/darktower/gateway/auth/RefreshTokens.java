package io.darktower.gateway.auth;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Refresh tokens ({@code dtr_} and 256 random bits), kept only as hashes in {@code gateway.refresh_tokens}, chained in
 * families ({@code gateway.refresh_families}, one per sign-in). Using one spends it and issues the next of the family;
 * presenting a spent one again means two parties hold the chain, so the whole family is revoked. Blocking (JDBC): call
 * off the event loop.
 */
@Component
public class RefreshTokens {

    static final String PREFIX = "dtr_";
    /** Why a family was revoked (also the blacklist's value for its session). */
    static final String REUSED = "refresh_token_reused";
    static final String LOGGED_OUT = "logout";
    static final String DEACTIVATED = "deactivated";
    static final String PASSWORD_CHANGED = "password_changed";
    static final String ERASED = "erased";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Duration ttl;
    private final Clock clock = Clock.systemUTC();

    public RefreshTokens(JdbcTemplate jdbc, TransactionTemplate transactions, AuthProperties properties,
                         GatewaySchema.Migrated migrated) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.ttl = properties.refreshTokenTtl();
    }

    /** A new token of a family. */
    public record Issued(String token, UUID familyId, UUID userId) {
    }

    /** What presenting a refresh token came to. */
    public sealed interface Rotation {
        /** Spent; {@code next} continues the family. */
        record Rotated(Issued next) implements Rotation {
        }

        /** A spent token again: the family is revoked now. */
        record Reused(UUID familyId, UUID userId) implements Rotation {
        }

        /** Unknown, expired, or of a revoked family. */
        record Invalid() implements Rotation {
        }
    }

    /** Starts a family for a sign-in of {@code userId}. */
    public Issued startFamily(UUID userId) {
        return transactions.execute(status -> {
            UUID family = UUID.randomUUID();
            jdbc.update("INSERT INTO gateway.refresh_families (family_id, user_id, created_at) VALUES (?, ?, ?)",
                    family, userId, Timestamp.from(clock.instant()));
            return new Issued(insert(family), family, userId);
        });
    }

    /** Spends {@code token} and issues the next of its family, or revokes the family if it was spent before. */
    public Rotation rotate(String token) {
        String hash = TokenHashes.sha256(token);
        Instant now = clock.instant();
        return transactions.execute(status -> {
            List<Rotation> found = jdbc.query("""
                    SELECT t.family_id, f.user_id, t.spent_at, t.expires_at, f.revoked_at
                    FROM gateway.refresh_tokens t JOIN gateway.refresh_families f ON f.family_id = t.family_id
                    WHERE t.token_hash = ? FOR UPDATE OF t, f""", (row, n) -> {
                UUID family = row.getObject("family_id", UUID.class);
                UUID user = row.getObject("user_id", UUID.class);
                if (row.getTimestamp("revoked_at") != null || !row.getTimestamp("expires_at").toInstant().isAfter(now)) {
                    return new Rotation.Invalid();
                }
                if (row.getTimestamp("spent_at") != null) {
                    return new Rotation.Reused(family, user);
                }
                return new Rotation.Rotated(new Issued(null, family, user));
            }, hash);
            if (found.isEmpty()) {
                return new Rotation.Invalid();
            }
            return switch (found.getFirst()) {
                case Rotation.Invalid invalid -> invalid;
                case Rotation.Reused reused -> {
                    revoke(reused.familyId(), REUSED);
                    yield reused;
                }
                case Rotation.Rotated rotated -> {
                    jdbc.update("UPDATE gateway.refresh_tokens SET spent_at = ? WHERE token_hash = ?", Timestamp.from(now), hash);
                    UUID family = rotated.next().familyId();
                    yield new Rotation.Rotated(new Issued(insert(family), family, rotated.next().userId()));
                }
            };
        });
    }

    /** Revokes every open family of a user; answers their ids (the sessions to blacklist). */
    public List<UUID> revokeFamiliesOf(UUID userId, String reason) {
        return transactions.execute(status -> jdbc.queryForList(
                "UPDATE gateway.refresh_families SET revoked_at = ?, revoked_reason = ?"
                        + " WHERE user_id = ? AND revoked_at IS NULL RETURNING family_id", UUID.class,
                Timestamp.from(clock.instant()), reason, userId));
    }

    /** Deletes every family of a user, their tokens with them (an erased user: nothing of them is kept). */
    public void deleteFamiliesOf(UUID userId) {
        jdbc.update("DELETE FROM gateway.refresh_families WHERE user_id = ?", userId);
    }

    /** Revokes a family: none of its refresh tokens works any more. */
    public void revokeFamily(UUID familyId, String reason) {
        transactions.executeWithoutResult(status -> revoke(familyId, reason));
    }

    private void revoke(UUID familyId, String reason) {
        jdbc.update("UPDATE gateway.refresh_families SET revoked_at = ?, revoked_reason = ? WHERE family_id = ? AND revoked_at IS NULL",
                Timestamp.from(clock.instant()), reason, familyId);
    }

    private String insert(UUID family) {
        String token = TokenHashes.randomToken(PREFIX);
        Instant now = clock.instant();
        jdbc.update("INSERT INTO gateway.refresh_tokens (token_hash, family_id, issued_at, expires_at) VALUES (?, ?, ?, ?)",
                TokenHashes.sha256(token), family, Timestamp.from(now), Timestamp.from(now.plus(ttl)));
        return token;
    }
}
