package io.darktower.commands.relay;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darktower.devstack.SharedTestStack;
import java.util.UUID;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

/**
 * Two nodes appending to one aggregate: the store's unique (aggregate, sequence) key refuses the second, and
 * the refusal is Axon's concurrency failure (which the command gateway retries), not a generic store error.
 */
class EventStoreConcurrencyTest {

    @Test
    void aSecondAppendAtTheSameSequenceIsAConcurrencyFailure() {
        TestEventStore store = TestEventStore.in(SharedTestStack.endpoints(), "event_store_concurrency");
        UUID meeting = UUID.randomUUID();
        store.append(meeting, 0, 2);

        assertThatThrownBy(() -> store.append(meeting, 1, 1)).isInstanceOf(ConcurrencyException.class);
        assertThatThrownBy(() -> store.append(meeting, 0, 1)).isInstanceOf(AggregateStreamCreationException.class);
    }
}
