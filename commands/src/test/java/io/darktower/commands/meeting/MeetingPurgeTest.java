package io.darktower.commands.meeting;

import static io.darktower.commands.CommandMatchers.invalid;
import static io.darktower.commands.CommandMatchers.rejectedFor;

import io.darktower.events.meeting.EndReason;
import io.darktower.events.meeting.MeetingCreated;
import io.darktower.events.meeting.MeetingEnded;
import io.darktower.events.meeting.MeetingPurged;
import io.darktower.events.meeting.MeetingSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.messaging.interceptors.BeanValidationInterceptor;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retention of a meeting: purged only once it ended 90 days before the purge's time, and only once. */
class MeetingPurgeTest {

    private static final UUID MEETING = UUID.fromString("550e8400-e29b-41d4-a716-446655440000");
    private static final UUID HOST = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    private static final Instant T0 = Instant.parse("2026-01-16T13:00:00Z");
    private static final Instant ENDED = T0.plusSeconds(3600);
    private static final Instant DUE = ENDED.plus(Meeting.RETENTION_AFTER_END);

    private FixtureConfiguration<Meeting> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Meeting.class);
        fixture.registerCommandHandlerInterceptor(new BeanValidationInterceptor<>());
    }

    private static MeetingCreated created() {
        return new MeetingCreated(MEETING, "abc-defg-hij", "Team Standup", 5, MeetingSettings.DEFAULTS, null, HOST, T0);
    }

    private static MeetingEnded ended() {
        return new MeetingEnded(MEETING, EndReason.ENDED_BY_HOST, ENDED);
    }

    @Test
    void theSeedsRetentionIsNinetyDays() {
        org.assertj.core.api.Assertions.assertThat(Meeting.RETENTION_AFTER_END).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void purgedNinetyDaysAfterItsEnd() {
        fixture.given(created(), ended())
                .when(new PurgeMeeting(MEETING, DUE))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new MeetingPurged(MEETING, ENDED, DUE))
                .expectResultMessagePayload(true);
    }

    @Test
    void aPrematurePurgeIsRefused() {
        fixture.given(created(), ended())
                .when(new PurgeMeeting(MEETING, DUE.minusMillis(1)))
                .expectException(rejectedFor(MeetingRejection.RETENTION_NOT_OVER))
                .expectNoEvents();
        fixture.given(created(), ended())
                .when(new PurgeMeeting(MEETING, ENDED.plus(Duration.ofDays(89))))
                .expectException(rejectedFor(MeetingRejection.RETENTION_NOT_OVER))
                .expectNoEvents();
    }

    @Test
    void aMeetingThatHasNotEndedIsNeverPurged() {
        fixture.given(created())
                .when(new PurgeMeeting(MEETING, T0.plus(Duration.ofDays(3650))))
                .expectException(rejectedFor(MeetingRejection.RETENTION_NOT_OVER))
                .expectNoEvents();
    }

    @Test
    void aSecondPurgeAppendsNothing() {
        fixture.given(created(), ended(), new MeetingPurged(MEETING, ENDED, DUE))
                .when(new PurgeMeeting(MEETING, DUE.plusSeconds(60)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void aPurgedMeetingTakesNoMoreCommands() {
        fixture.given(created(), ended(), new MeetingPurged(MEETING, ENDED, DUE))
                .when(new EndMeeting(MEETING, HOST, false, DUE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void thePurgesTimeIsChecked() {
        fixture.given(created(), ended())
                .when(new PurgeMeeting(MEETING, null))
                .expectException(invalid("requestedAt"))
                .expectNoEvents();
    }
}
