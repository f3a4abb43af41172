package io.darktower.commands.meeting;

import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.darktower.commands.Rejected;
import io.darktower.events.meeting.ConnectionInfo;
import io.darktower.events.meeting.EndReason;
import io.darktower.events.meeting.LeaveReason;
import io.darktower.events.meeting.MeetingCreated;
import io.darktower.events.meeting.MeetingEnded;
import io.darktower.events.meeting.MeetingSettings;
import io.darktower.events.meeting.MeetingStarted;
import io.darktower.events.meeting.ParticipantJoined;
import io.darktower.events.meeting.ParticipantLeft;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.messaging.interceptors.BeanValidationInterceptor;
import org.axonframework.messaging.interceptors.JSR303ViolationException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.FeatureMatcher;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The meeting's rules, as given events / when command / expect events. */
class MeetingTest {

    private static final UUID MEETING = UUID.fromString("550e8400-e29b-41d4-a716-446655440000");
    private static final UUID HOST = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    private static final UUID ALICE = UUID.fromString("f47ac10b-58cc-4372-a567-0e02b2c3d479");
    private static final UUID BOB = UUID.fromString("0b1c2d3e-0000-4000-8000-000000000002");
    private static final UUID CAROL = UUID.fromString("0b1c2d3e-0000-4000-8000-000000000003");
    private static final Instant T0 = Instant.parse("2026-01-16T13:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);
    private static final Instant T2 = T0.plusSeconds(120);
    private static final ConnectionInfo FROM = new ConnectionInfo("203.0.113.7", "Chrome/156", "web-1.0");

    private FixtureConfiguration<Meeting> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Meeting.class);
        // as on the command bus: the constraints declared on the command records are checked first
        fixture.registerCommandHandlerInterceptor(new BeanValidationInterceptor<>());
    }

    private static MeetingCreated created(int capacity) {
        return new MeetingCreated(MEETING, "abc-defg-hij", "Team Standup", capacity, MeetingSettings.DEFAULTS, null, HOST, T0);
    }

    private static ParticipantJoined joined(UUID participant, Instant at) {
        return new ParticipantJoined(MEETING, participant, null, "P-" + participant.toString().substring(0, 4), at, FROM);
    }

    private static JoinMeeting join(UUID participant, Instant at) {
        return new JoinMeeting(MEETING, participant, null, "P-" + participant.toString().substring(0, 4),
                FROM.ipAddress(), FROM.userAgent(), FROM.clientVersion(), at);
    }

    /** The command broke a constraint of its record on {@code property}: refused before the aggregate decides. */
    private static Matcher<?> invalid(String property) {
        return new FeatureMatcher<JSR303ViolationException, List<String>>(hasItem(property), "invalid", "properties") {
            @Override
            protected List<String> featureValueOf(JSR303ViolationException actual) {
                return actual.getViolations().stream().map(v -> v.getPropertyPath().toString()).toList();
            }
        };
    }

    private static Matcher<?> rejectedFor(Rejected.Reason reason) {
        return new FeatureMatcher<Rejected, Rejected.Reason>(is(reason), "a rejection for", "reason") {
            @Override
            protected Rejected.Reason featureValueOf(Rejected actual) {
                return actual.reason();
            }
        };
    }

    @Nested
    class Creating {
        @Test
        void schedulesTheMeeting() {
            fixture.givenNoPriorActivity()
                    .when(new CreateMeeting(MEETING, "abc-defg-hij", "Team Standup", 5, MeetingSettings.DEFAULTS, null, HOST, T0))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(created(5))
                    .expectResultMessagePayload(created(5));
        }

        @Test
        void aRetryWithTheSameDetailsAnswersAsTheFirstTimeAndCreatesNothing() {
            fixture.given(created(5))
                    .when(new CreateMeeting(MEETING, "other-code", "Team Standup", 5, MeetingSettings.DEFAULTS, null, HOST, T2))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(created(5));
        }

        @Test
        void theSameIdWithOtherDetailsIsRefused() {
            fixture.given(created(5))
                    .when(new CreateMeeting(MEETING, "other-code", "Other", 5, MeetingSettings.DEFAULTS, null, HOST, T2))
                    .expectException(rejectedFor(MeetingRejection.IDEMPOTENCY_KEY_REUSED))
                    .expectNoEvents();
        }

        @Test
        void refusesABlankName() {
            fixture.givenNoPriorActivity()
                    .when(new CreateMeeting(MEETING, "abc-defg-hij", " ", 5, MeetingSettings.DEFAULTS, null, HOST, T0))
                    .expectException(invalid("displayName"))
                    .expectNoEvents();
        }

        @Test
        void refusesWhatTheReadModelCouldNotHold() {
            fixture.givenNoPriorActivity()
                    .when(new CreateMeeting(MEETING, "abc-defg-hij", "x".repeat(Meeting.MAX_NAME + 1), 5,
                            MeetingSettings.DEFAULTS, null, HOST, T0))
                    .expectException(invalid("displayName"));
            fixture.givenNoPriorActivity()
                    .when(new CreateMeeting(MEETING, "c".repeat(Meeting.MAX_CODE + 1), "Standup", 5,
                            MeetingSettings.DEFAULTS, null, HOST, T0))
                    .expectException(invalid("meetingCode"));
        }

        @Test
        void refusesControlCharactersAndInstantsNoStoreCanHold() {
            fixture.givenNoPriorActivity()
                    .when(new CreateMeeting(MEETING, "abc-defg-hij", "a\u0000b", 5, MeetingSettings.DEFAULTS, null, HOST, T0))
                    .expectException(invalid("displayName"))
                    .expectNoEvents();
            fixture.givenNoPriorActivity()
                    .when(new CreateMeeting(MEETING, "abc-defg-hij", "line\nbreak", 5, MeetingSettings.DEFAULTS, null, HOST, T0))
                    .expectException(invalid("displayName"));
            fixture.givenNoPriorActivity()
                    .when(new CreateMeeting(MEETING, "abc-defg-hij", "Standup", 5, MeetingSettings.DEFAULTS,
                            Instant.parse("+300000-01-01T00:00:00Z"), HOST, T0))
                    .expectException(invalid("scheduledStartTime"))
                    .expectNoEvents();
            fixture.givenNoPriorActivity()
                    .when(new CreateMeeting(MEETING, "abc-defg-hij", "Standup \uD83D\uDE80", 5, MeetingSettings.DEFAULTS,
                            null, HOST, T0))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void refusesACapacityOutOfRange() {
            fixture.givenNoPriorActivity()
                    .when(new CreateMeeting(MEETING, "abc-defg-hij", "Standup", 0, MeetingSettings.DEFAULTS, null, HOST, T0))
                    .expectException(invalid("maxParticipants"))
                    .expectNoEvents();
            fixture.givenNoPriorActivity()
                    .when(new CreateMeeting(MEETING, "abc-defg-hij", "Standup", Meeting.MAX_CAPACITY + 1,
                            MeetingSettings.DEFAULTS, null, HOST, T0))
                    .expectException(invalid("maxParticipants"));
        }
    }

    @Nested
    class Joining {
        @Test
        void firstJoinStartsTheMeeting() {
            fixture.given(created(5))
                    .when(join(ALICE, T1))
                    .expectEvents(new MeetingStarted(MEETING, T1), joined(ALICE, T1));
        }

        @Test
        void laterJoinsDoNotStartItAgain() {
            fixture.given(created(5), new MeetingStarted(MEETING, T1), joined(ALICE, T1))
                    .when(join(BOB, T2))
                    .expectEvents(joined(BOB, T2));
        }

        @Test
        void aFullMeetingRefusesTheNextParticipant() {
            fixture.given(created(2), new MeetingStarted(MEETING, T1), joined(ALICE, T1), joined(BOB, T1))
                    .when(join(CAROL, T2))
                    .expectException(rejectedFor(MeetingRejection.MEETING_FULL))
                    .expectNoEvents();
        }

        @Test
        void leavingFreesASeat() {
            fixture.given(created(2), new MeetingStarted(MEETING, T1), joined(ALICE, T1), joined(BOB, T1),
                            new ParticipantLeft(MEETING, BOB, LeaveReason.VOLUNTARY, T1))
                    .when(join(CAROL, T2))
                    .expectEvents(joined(CAROL, T2));
        }

        @Test
        void aParticipantJoinsOnceAndARetryAnswersAsTheFirstJoin() {
            fixture.given(created(5), new MeetingStarted(MEETING, T1), joined(ALICE, T1))
                    .when(join(ALICE, T2))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(joined(ALICE, T1));
        }

        @Test
        void aParticipantNeedsANameAndAClientVersionTheReadModelCanHold() {
            fixture.given(created(5))
                    .when(new JoinMeeting(MEETING, ALICE, null, " ", FROM.ipAddress(), FROM.userAgent(), FROM.clientVersion(), T1))
                    .expectException(invalid("displayName"))
                    .expectNoEvents();
            fixture.given(created(5))
                    .when(new JoinMeeting(MEETING, ALICE, null, "A".repeat(Meeting.MAX_NAME + 1), FROM.ipAddress(), FROM.userAgent(), FROM.clientVersion(), T1))
                    .expectException(invalid("displayName"));
            fixture.given(created(5))
                    .when(new JoinMeeting(MEETING, ALICE, null, "Alice", null, null,
                            "v".repeat(Meeting.MAX_CLIENT_VERSION + 1), T1))
                    .expectException(invalid("clientVersion"));
            fixture.given(created(5))
                    .when(new JoinMeeting(MEETING, ALICE, null, "Alice", null, null, "1.0\u0000", T1))
                    .expectException(invalid("clientVersion"));
        }

        @Test
        void theSameParticipantIdWithAnotherNameIsRefused() {
            fixture.given(created(5), new MeetingStarted(MEETING, T1), joined(ALICE, T1))
                    .when(new JoinMeeting(MEETING, ALICE, null, "Mallory", FROM.ipAddress(), FROM.userAgent(), FROM.clientVersion(), T2))
                    .expectException(rejectedFor(MeetingRejection.IDEMPOTENCY_KEY_REUSED))
                    .expectNoEvents();
        }

        @Test
        void aRetriedJoinIsNotRefusedByTheSeatItAlreadyHolds() {
            fixture.given(created(2), new MeetingStarted(MEETING, T1), joined(ALICE, T1), joined(BOB, T1))
                    .when(join(BOB, T2))
                    .expectNoEvents()
                    .expectResultMessagePayload(joined(BOB, T1));
        }

        @Test
        void aParticipantThatLeftCannotRejoinWithTheSameSession() {
            fixture.given(created(5), new MeetingStarted(MEETING, T1), joined(ALICE, T1), joined(BOB, T1),
                            new ParticipantLeft(MEETING, ALICE, LeaveReason.VOLUNTARY, T1))
                    .when(join(ALICE, T2))
                    .expectException(rejectedFor(MeetingRejection.ALREADY_JOINED));
        }

        @Test
        void noJoinAfterEnd() {
            fixture.given(created(5), new MeetingEnded(MEETING, EndReason.ENDED_BY_HOST, T1))
                    .when(join(ALICE, T2))
                    .expectException(rejectedFor(MeetingRejection.MEETING_ENDED))
                    .expectNoEvents();
        }
    }

    @Nested
    class Leaving {
        @Test
        void aParticipantLeaves() {
            fixture.given(created(5), new MeetingStarted(MEETING, T1), joined(ALICE, T1), joined(BOB, T1))
                    .when(new LeaveMeeting(MEETING, BOB, LeaveReason.VOLUNTARY, T2))
                    .expectEvents(new ParticipantLeft(MEETING, BOB, LeaveReason.VOLUNTARY, T2));
        }

        @Test
        void theLastToLeaveEndsTheMeeting() {
            fixture.given(created(5), new MeetingStarted(MEETING, T1), joined(ALICE, T1), joined(BOB, T1),
                            new ParticipantLeft(MEETING, BOB, LeaveReason.VOLUNTARY, T1))
                    .when(new LeaveMeeting(MEETING, ALICE, LeaveReason.CONNECTION_LOST, T2))
                    .expectEvents(new ParticipantLeft(MEETING, ALICE, LeaveReason.CONNECTION_LOST, T2),
                            new MeetingEnded(MEETING, EndReason.LAST_PARTICIPANT_LEFT, T2));
        }

        @Test
        void leavingTwiceChangesNothing() {
            fixture.given(created(5), new MeetingStarted(MEETING, T1), joined(ALICE, T1), joined(BOB, T1),
                            new ParticipantLeft(MEETING, BOB, LeaveReason.VOLUNTARY, T1))
                    .when(new LeaveMeeting(MEETING, BOB, LeaveReason.VOLUNTARY, T2))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void someoneWhoNeverJoinedCannotLeave() {
            fixture.given(created(5), new MeetingStarted(MEETING, T1), joined(ALICE, T1))
                    .when(new LeaveMeeting(MEETING, CAROL, LeaveReason.VOLUNTARY, T2))
                    .expectException(rejectedFor(MeetingRejection.NOT_A_PARTICIPANT))
                    .expectNoEvents();
        }

        @Test
        void leavingAfterTheEndChangesNothing() {
            fixture.given(created(5), new MeetingStarted(MEETING, T1), joined(ALICE, T1),
                            new ParticipantLeft(MEETING, ALICE, LeaveReason.MEETING_ENDED, T1),
                            new MeetingEnded(MEETING, EndReason.ENDED_BY_HOST, T1))
                    .when(new LeaveMeeting(MEETING, ALICE, LeaveReason.VOLUNTARY, T2))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }
    }

    @Nested
    class Ending {
        @Test
        void theCreatorEndsItAndEveryoneStillPresentLeaves() {
            fixture.given(created(5), new MeetingStarted(MEETING, T1), joined(ALICE, T1), joined(BOB, T1))
                    .when(new EndMeeting(MEETING, HOST, false, T2))
                    .expectEvents(new ParticipantLeft(MEETING, ALICE, LeaveReason.MEETING_ENDED, T2),
                            new ParticipantLeft(MEETING, BOB, LeaveReason.MEETING_ENDED, T2),
                            new MeetingEnded(MEETING, EndReason.ENDED_BY_HOST, T2));
        }

        @Test
        void anAdminMayEndIt() {
            fixture.given(created(5))
                    .when(new EndMeeting(MEETING, UUID.randomUUID(), true, T2))
                    .expectEvents(new MeetingEnded(MEETING, EndReason.ENDED_BY_HOST, T2));
        }

        @Test
        void nobodyElseMayEndIt() {
            fixture.given(created(5), new MeetingStarted(MEETING, T1), joined(ALICE, T1))
                    .when(new EndMeeting(MEETING, ALICE, false, T2))
                    .expectException(rejectedFor(MeetingRejection.NOT_ALLOWED))
                    .expectNoEvents();
        }

        @Test
        void aMeetingWithoutCreatorMayBeEndedByItsCaller() {
            fixture.given(new MeetingCreated(MEETING, "abc-defg-hij", "Guests", 5, MeetingSettings.DEFAULTS, null, null, T0))
                    .when(new EndMeeting(MEETING, null, false, T2))
                    .expectEvents(new MeetingEnded(MEETING, EndReason.ENDED_BY_HOST, T2));
        }

        @Test
        void endingTwiceChangesNothing() {
            fixture.given(created(5), new MeetingEnded(MEETING, EndReason.ENDED_BY_HOST, T1))
                    .when(new EndMeeting(MEETING, HOST, false, T2))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }
    }
}
