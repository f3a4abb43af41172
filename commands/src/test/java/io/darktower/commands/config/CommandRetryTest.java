package io.darktower.commands.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.darktower.commands.Rejected;
import io.darktower.commands.meeting.MeetingRejection;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

/** Which failed commands the gateway sends again: conflicts with another node yes, answers no. */
class CommandRetryTest {

    private final RetryScheduler retries = CommandSideConfiguration.retryScheduler();

    private boolean retried(RuntimeException failure) {
        List<Class<? extends Throwable>[]> history = new ArrayList<>();
        history.add(new Class[] {failure.getClass()});
        return retries.scheduleRetry(GenericCommandMessage.asCommandMessage("command"), failure, history, () -> { });
    }

    @Test
    void aConflictWithAnotherNodeIsRetriedEvenWithItsSqlCause() {
        assertThat(retried(new ConcurrencyException("appended meanwhile",
                new java.sql.SQLException("duplicate key", "23505")))).isTrue();
        assertThat(retried(new AggregateStreamCreationException("created meanwhile"))).isTrue();
    }

    @Test
    void aRejectionOrAnUnknownMeetingIsAnAnswerAndNotRetried() {
        assertThat(retried(new Rejected(MeetingRejection.MEETING_FULL, "full"))).isFalse();
        assertThat(retried(new AggregateNotFoundException("m-1", "no such meeting"))).isFalse();
    }
}
