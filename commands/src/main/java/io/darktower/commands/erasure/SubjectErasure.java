package io.darktower.commands.erasure;

import io.darktower.commands.config.CommandSideConfiguration;
import io.darktower.crypto.JdbcSubjectKeys;
import io.darktower.crypto.PersonalData;
import io.darktower.crypto.SubjectKeys;
import io.darktower.events.user.UserErased;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Crypto-shredding, in the transaction that appends {@link UserErased}: the user's subject key is deleted (every value
 * ever sealed for the user becomes unreadable, in the store, on Kafka, in backups of either), the unique values they
 * held (email, provider accounts) are released, and the write side's snapshots that may hold their data in clear (the
 * user's own, a meeting's participants) are dropped: snapshots are a cache, aggregates source from the events again.
 */
@Component
@ProcessingGroup(CommandSideConfiguration.IN_TRANSACTION_GROUP)
class SubjectErasure {

    private final JdbcTemplate jdbc;
    private final SubjectKeys keys;

    SubjectErasure(JdbcTemplate jdbc, JdbcSubjectKeys keys) {
        this.jdbc = jdbc;
        this.keys = keys;
    }

    @EventHandler
    void on(UserErased event) {
        String subject = event.userId().toString();
        jdbc.update(JdbcSubjectKeys.ERASE, subject);
        jdbc.update("DELETE FROM event_store.unique_claims WHERE owner_id = ?", subject);
        jdbc.update("DELETE FROM event_store.snapshot_event_entry WHERE aggregate_identifier = ? OR payload LIKE ?",
                subject, "%" + subject + "%");
        forget(subject);
        if (CurrentUnitOfWork.isStarted()) {
            // a reader that loaded the key between the forget above and the commit loads the tombstone next time
            CurrentUnitOfWork.get().afterCommit(uow -> forget(subject));
        }
    }

    /** This write side's cache, and the one this JVM decodes with (the projections' when they run here too). */
    private void forget(String subject) {
        keys.forget(subject);
        PersonalData.forget(subject);
    }
}
