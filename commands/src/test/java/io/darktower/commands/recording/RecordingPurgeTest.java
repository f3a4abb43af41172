package io.darktower.commands.recording;

import static io.darktower.commands.CommandMatchers.invalid;
import static io.darktower.commands.CommandMatchers.rejectedFor;

import io.darktower.events.recording.RecordingPurged;
import io.darktower.events.recording.RecordingReady;
import io.darktower.events.recording.RecordingStarted;
import io.darktower.events.recording.RecordingStopped;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.messaging.interceptors.BeanValidationInterceptor;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retention of a recording: purged only once it stopped its policy's days before the purge's time, and only once. */
class RecordingPurgeTest {

    private static final UUID RECORDING = UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    private static final UUID MEETING = UUID.fromString("550e8400-e29b-41d4-a716-446655440000");
    private static final UUID HOST = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    private static final Instant T0 = Instant.parse("2026-01-16T13:00:00Z");
    private static final Instant STOPPED = T0.plusSeconds(600);
    private static final Instant DUE = STOPPED.plus(Duration.ofDays(365));

    private FixtureConfiguration<Recording> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Recording.class);
        fixture.registerCommandHandlerInterceptor(new BeanValidationInterceptor<>());
    }

    private static RecordingStarted started() {
        return new RecordingStarted(RECORDING, MEETING, HOST, "meetings/x/recordings/y", "darktower-recordings", T0);
    }

    private static RecordingReady ready() {
        return new RecordingReady(RECORDING, 1000, 600, "VP9", "Opus", "1920x1080", "meetings/x/recordings/y",
                "darktower-recordings", STOPPED.plusSeconds(60));
    }

    @Test
    void purgedWhenItsPolicyIsOver() {
        fixture.given(started(), new RecordingStopped(RECORDING, STOPPED), ready())
                .when(new PurgeRecording(RECORDING, 365, DUE))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new RecordingPurged(RECORDING, MEETING, STOPPED, 365, DUE))
                .expectResultMessagePayload(true);
    }

    @Test
    void aPrematurePurgeIsRefused() {
        fixture.given(started(), new RecordingStopped(RECORDING, STOPPED), ready())
                .when(new PurgeRecording(RECORDING, 365, DUE.minusMillis(1)))
                .expectException(rejectedFor(RecordingRejection.RETENTION_NOT_OVER))
                .expectNoEvents();
    }

    @Test
    void aShorterPolicyPurgesSooner() {
        fixture.given(started(), new RecordingStopped(RECORDING, STOPPED))
                .when(new PurgeRecording(RECORDING, 30, STOPPED.plus(Duration.ofDays(30))))
                .expectEvents(new RecordingPurged(RECORDING, MEETING, STOPPED, 30, STOPPED.plus(Duration.ofDays(30))));
    }

    @Test
    void aRunningRecordingIsNeverPurged() {
        fixture.given(started())
                .when(new PurgeRecording(RECORDING, 1, T0.plus(Duration.ofDays(3650))))
                .expectException(rejectedFor(RecordingRejection.RETENTION_NOT_OVER))
                .expectNoEvents();
    }

    @Test
    void aSecondPurgeAppendsNothing() {
        fixture.given(started(), new RecordingStopped(RECORDING, STOPPED),
                        new RecordingPurged(RECORDING, MEETING, STOPPED, 365, DUE))
                .when(new PurgeRecording(RECORDING, 365, DUE.plusSeconds(1)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void aPolicyOfNoDaysIsInvalid() {
        fixture.given(started(), new RecordingStopped(RECORDING, STOPPED))
                .when(new PurgeRecording(RECORDING, 0, DUE))
                .expectException(invalid("retentionDays"))
                .expectNoEvents();
    }
}
