package io.darktower.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void wrappersThatOnlyRepeatTheirCauseAreLeftOut() {
        var failure = new CompletionException(new IllegalStateException(new UncheckedIOException(
                new IOException("Redis did not start on 127.0.0.1:16379: Address in use"))));

        assertThat(Failures.oneLine(failure)).isEqualTo("Redis did not start on 127.0.0.1:16379: Address in use");
    }

    @Test
    void distinctMessagesAlongTheChainAreJoinedOnOneLine() {
        var failure = new IllegalStateException("Unable to start web server",
                new RuntimeException("Port 8080 is already in use\n\tat somewhere", new IOException("Address already in use")));

        assertThat(Failures.oneLine(failure))
                .isEqualTo("Unable to start web server: Port 8080 is already in use: Address already in use");
    }

    @Test
    void aFailureWithoutAnyMessageIsNamedByItsClass() {
        assertThat(Failures.oneLine(new CompletionException(new NullPointerException())))
                .isEqualTo("java.lang.NullPointerException");
    }
}
