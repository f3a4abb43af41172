package io.darktower.commands.meeting;

import static io.darktower.commands.CommandMatchers.invalid;
import static io.darktower.commands.CommandMatchers.rejectedFor;
import static org.hamcrest.Matchers.is;

import io.darktower.events.meeting.ConnectionInfo;
import io.darktower.events.meeting.StreamUnsubscribed;
import io.darktower.events.meeting.StreamUnpublished;
import io.darktower.events.meeting.StreamType;
import io.darktower.events.meeting.StreamSubscribed;
import io.darktower.events.meeting.StreamPublished;
import io.darktower.events.meeting.ParticipantWaiting;
import io.darktower.events.meeting.ParticipantRejected;
import io.darktower.events.meeting.ParticipantAdmitted;
import io.darktower.events.meeting.MeetingSettingsChanged;
import io.darktower.events.meeting.MediaHandlerAssigned;
import io.darktower.events.meeting.ControllerAssigned;
import io.darktower.events.meeting.Codec;
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
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
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
        void aSessionThatLeftJoinsOnceARetryOfItsJoinAnswersTheFirstJoin() {
            fixture.given(created(5), new MeetingStarted(MEETING, T1), joined(ALICE, T1), joined(BOB, T1),
                            new ParticipantLeft(MEETING, ALICE, LeaveReason.VOLUNTARY, T1))
                    .when(join(ALICE, T2))
                    .expectNoEvents()
                    .expectResultMessagePayload(joined(ALICE, T1));
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
        void overTheApiAParticipantLeavesOnlyItselfAsItsUserOrWithItsJoinToken() {
            ParticipantJoined bobAsUser = new ParticipantJoined(MEETING, BOB, CAROL, "Bob", T1, FROM);
            fixture.given(created(5), new MeetingStarted(MEETING, T1), joined(ALICE, T1), bobAsUser)
                    .when(new LeaveMeeting(MEETING, ALICE, LeaveReason.VOLUNTARY, new LeaveMeeting.Requester(CAROL, null), T2))
                    .expectException(rejectedFor(MeetingRejection.NOT_ALLOWED))
                    .expectNoEvents();
            fixture.given(created(5), new MeetingStarted(MEETING, T1), joined(ALICE, T1), bobAsUser)
                    .when(new LeaveMeeting(MEETING, ALICE, LeaveReason.VOLUNTARY, new LeaveMeeting.Requester(null, BOB), T2))
                    .expectException(rejectedFor(MeetingRejection.NOT_ALLOWED))
                    .expectNoEvents();
            fixture.given(created(5), new MeetingStarted(MEETING, T1), joined(ALICE, T1), bobAsUser)
                    .when(new LeaveMeeting(MEETING, BOB, LeaveReason.VOLUNTARY, new LeaveMeeting.Requester(CAROL, null), T2))
                    .expectEvents(new ParticipantLeft(MEETING, BOB, LeaveReason.VOLUNTARY, T2));
            fixture.given(created(5), new MeetingStarted(MEETING, T1), joined(ALICE, T1), bobAsUser)
                    .when(new LeaveMeeting(MEETING, ALICE, LeaveReason.VOLUNTARY, new LeaveMeeting.Requester(null, ALICE), T2))
                    .expectEvents(new ParticipantLeft(MEETING, ALICE, LeaveReason.VOLUNTARY, T2));
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

    private static final UUID STRANGER = UUID.fromString("0b1c2d3e-0000-4000-8000-0000000000ff");
    private static final UUID CAM = UUID.fromString("b8f3c5a2-1234-5678-9abc-def012345678");
    private static final UUID MIC = UUID.fromString("b8f3c5a2-1234-5678-9abc-def012345679");
    private static final MeetingSettings WAITING_ROOM = new MeetingSettings(true, false, false, true);

    private static MeetingCreated created(int capacity, MeetingSettings settings) {
        return new MeetingCreated(MEETING, "abc-defg-hij", "Team Standup", capacity, settings, null, HOST, T0);
    }

    private static ParticipantWaiting waitingFor(UUID participant, Instant at) {
        return new ParticipantWaiting(MEETING, participant, null, "P-" + participant.toString().substring(0, 4), at, FROM);
    }

    private static StreamPublished published(UUID stream, UUID participant, Instant at, UUID... participantStreams) {
        return new StreamPublished(MEETING, stream, participant, StreamType.VIDEO_CAMERA, Codec.VP9, 2_500_000, at,
                List.of(participantStreams));
    }

    private static PublishStream publish(UUID stream, UUID participant, Instant at) {
        return new PublishStream(MEETING, stream, participant, StreamType.VIDEO_CAMERA, Codec.VP9, 2_500_000, at);
    }

    /** Alice and Bob present in an active meeting of five seats, then {@code more}. */
    private static List<Object> aliceAndBob(Object... more) {
        List<Object> events = new java.util.ArrayList<>(List.of(created(5), new MeetingStarted(MEETING, T1),
                joined(ALICE, T1), joined(BOB, T1)));
        events.addAll(List.of(more));
        return events;
    }

    @Nested
    class ChangingSettings {
        private final MeetingSettings recorded = new MeetingSettings(false, true, true, false);

        @Test
        void theCreatorChangesNameCapacitySwitchesAndStart() {
            fixture.given(created(5))
                    .when(new ChangeMeetingSettings(MEETING, "Retro", 8, ChangeMeetingSettings.Switches.of(recorded), T2, HOST, false, T1))
                    .expectEvents(new MeetingSettingsChanged(MEETING, "Retro", 8, recorded, T2, T1));
        }

        @Test
        void theSameValuesAgainChangeNothing() {
            fixture.given(created(5), new MeetingSettingsChanged(MEETING, "Retro", 8, recorded, T2, T1))
                    .when(new ChangeMeetingSettings(MEETING, "Retro", 8, ChangeMeetingSettings.Switches.of(recorded), T2, HOST, false, T2))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void onlyTheCreatorOrAnAdmin() {
            fixture.given(created(5))
                    .when(new ChangeMeetingSettings(MEETING, "Mine now", 8, ChangeMeetingSettings.Switches.of(recorded), null, STRANGER, false, T1))
                    .expectException(rejectedFor(MeetingRejection.NOT_ALLOWED))
                    .expectNoEvents();
            fixture.given(created(5))
                    .when(new ChangeMeetingSettings(MEETING, "Ops", 5, ChangeMeetingSettings.Switches.of(MeetingSettings.DEFAULTS), null, STRANGER, true, T1))
                    .expectEvents(new MeetingSettingsChanged(MEETING, "Ops", 5, MeetingSettings.DEFAULTS, null, T1));
        }

        @Test
        void capacityCannotDropBelowThePresent() {
            fixture.given(aliceAndBob())
                    .when(new ChangeMeetingSettings(MEETING, "Team Standup", 1, ChangeMeetingSettings.Switches.of(MeetingSettings.DEFAULTS), null, HOST, false, T2))
                    .expectException(rejectedFor(MeetingRejection.CAPACITY_BELOW_PRESENT))
                    .expectNoEvents();
        }

        @Test
        void notAfterTheEnd() {
            fixture.given(created(5), new MeetingEnded(MEETING, EndReason.ENDED_BY_HOST, T1))
                    .when(new ChangeMeetingSettings(MEETING, "Late", 5, ChangeMeetingSettings.Switches.of(MeetingSettings.DEFAULTS), null, HOST, false, T2))
                    .expectException(rejectedFor(MeetingRejection.MEETING_ENDED));
        }

        @Test
        void closingTheWaitingRoomLetsTheWaitingIn() {
            fixture.given(created(5, WAITING_ROOM), waitingFor(ALICE, T1))
                    .when(new ChangeMeetingSettings(MEETING, "Team Standup", 5, ChangeMeetingSettings.Switches.of(MeetingSettings.DEFAULTS), null, HOST, false, T2))
                    .expectEvents(new MeetingSettingsChanged(MEETING, "Team Standup", 5, MeetingSettings.DEFAULTS, null, T2),
                            new ParticipantAdmitted(MEETING, ALICE, HOST, T2),
                            new MeetingStarted(MEETING, T2),
                            joined(ALICE, T2));
        }

        @Test
        void whatIsLeftOutKeepsItsValue() {
            fixture.given(created(5, WAITING_ROOM))
                    .when(new ChangeMeetingSettings(MEETING, null, null,
                            new ChangeMeetingSettings.Switches(null, null, true, null), null, HOST, false, T1))
                    .expectEvents(new MeetingSettingsChanged(MEETING, "Team Standup", 5,
                            new MeetingSettings(true, false, true, true), null, T1));
        }

        @Test
        void aBlankNameIsRefused() {
            fixture.given(created(5))
                    .when(new ChangeMeetingSettings(MEETING, "  ", null, null, null, HOST, false, T1))
                    .expectException(invalid("displayName"));
        }

        @Test
        void aRefusedSettingIsNamed() {
            fixture.given(created(5))
                    .when(new ChangeMeetingSettings(MEETING, "a\u0000b", 0, ChangeMeetingSettings.Switches.of(MeetingSettings.DEFAULTS), null, HOST, false, T1))
                    .expectException(invalid("displayName"))
                    .expectNoEvents();
        }
    }

    @Nested
    class WaitingRoom {
        @Test
        void aGuestWaitsUntilAdmitted() {
            fixture.given(created(5, WAITING_ROOM))
                    .when(join(ALICE, T1))
                    .expectEvents(waitingFor(ALICE, T1))
                    .expectResultMessagePayload(waitingFor(ALICE, T1));
        }

        @Test
        void theCreatorSkipsTheWaitingRoom() {
            fixture.given(created(5, WAITING_ROOM))
                    .when(new JoinMeeting(MEETING, ALICE, HOST, "Host", null, null, null, T1))
                    .expectEvents(new MeetingStarted(MEETING, T1),
                            new ParticipantJoined(MEETING, ALICE, HOST, "Host", T1, ConnectionInfo.UNKNOWN));
        }

        @Test
        void aRetriedJoinWhileWaitingWaitsOnce() {
            fixture.given(created(5, WAITING_ROOM), waitingFor(ALICE, T1))
                    .when(join(ALICE, T2))
                    .expectNoEvents()
                    .expectResultMessagePayload(waitingFor(ALICE, T1));
        }

        @Test
        void theHostAdmitsAndTheParticipantJoinsAtThatMoment() {
            fixture.given(created(5, WAITING_ROOM), waitingFor(ALICE, T1))
                    .when(new AdmitParticipant(MEETING, ALICE, HOST, false, T2))
                    .expectEvents(new ParticipantAdmitted(MEETING, ALICE, HOST, T2), new MeetingStarted(MEETING, T2),
                            joined(ALICE, T2));
        }

        @Test
        void admittingTwiceChangesNothing() {
            fixture.given(created(5, WAITING_ROOM), waitingFor(ALICE, T1), new ParticipantAdmitted(MEETING, ALICE, HOST, T2),
                            new MeetingStarted(MEETING, T2), joined(ALICE, T2))
                    .when(new AdmitParticipant(MEETING, ALICE, HOST, false, T2))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void onlyTheHostAdmitsOrRejects() {
            fixture.given(created(5, WAITING_ROOM), waitingFor(ALICE, T1))
                    .when(new AdmitParticipant(MEETING, ALICE, STRANGER, false, T2))
                    .expectException(rejectedFor(MeetingRejection.NOT_ALLOWED));
            fixture.given(created(5, WAITING_ROOM), waitingFor(ALICE, T1))
                    .when(new RejectParticipant(MEETING, ALICE, STRANGER, false, T2))
                    .expectException(rejectedFor(MeetingRejection.NOT_ALLOWED));
        }

        @Test
        void admittingSomeoneNotWaitingIsRefused() {
            fixture.given(created(5, WAITING_ROOM))
                    .when(new AdmitParticipant(MEETING, ALICE, HOST, false, T2))
                    .expectException(rejectedFor(MeetingRejection.NOT_WAITING));
        }

        @Test
        void aRejectedSessionIsRefusedWhenItTriesAgain() {
            fixture.given(created(5, WAITING_ROOM), waitingFor(ALICE, T1), new ParticipantRejected(MEETING, ALICE, HOST, T2))
                    .when(join(ALICE, T2))
                    .expectException(rejectedFor(MeetingRejection.NOT_ADMITTED))
                    .expectNoEvents();
        }

        @Test
        void theHostRejects() {
            fixture.given(created(5, WAITING_ROOM), waitingFor(ALICE, T1))
                    .when(new RejectParticipant(MEETING, ALICE, HOST, false, T2))
                    .expectEvents(new ParticipantRejected(MEETING, ALICE, HOST, T2));
        }

        @Test
        void aFullMeetingAdmitsNobody() {
            fixture.given(created(1, WAITING_ROOM), new MeetingStarted(MEETING, T1),
                            new ParticipantJoined(MEETING, BOB, HOST, "Host", T1, FROM), waitingFor(ALICE, T1))
                    .when(new AdmitParticipant(MEETING, ALICE, HOST, false, T2))
                    .expectException(rejectedFor(MeetingRejection.MEETING_FULL));
        }

        @Test
        void leavingTheWaitingRoomIsNoLeaveOfTheMeeting() {
            fixture.given(created(5, WAITING_ROOM), waitingFor(ALICE, T1))
                    .when(new LeaveMeeting(MEETING, ALICE, LeaveReason.VOLUNTARY, T2))
                    .expectEvents(new ParticipantRejected(MEETING, ALICE, null, T2));
        }

        @Test
        void theEndTurnsTheWaitingAway() {
            fixture.given(created(5, WAITING_ROOM), new MeetingStarted(MEETING, T1),
                            new ParticipantJoined(MEETING, BOB, HOST, "Host", T1, FROM), waitingFor(ALICE, T1))
                    .when(new EndMeeting(MEETING, HOST, false, T2))
                    .expectEvents(new ParticipantLeft(MEETING, BOB, LeaveReason.MEETING_ENDED, T2),
                            new ParticipantRejected(MEETING, ALICE, null, T2),
                            new MeetingEnded(MEETING, EndReason.ENDED_BY_HOST, T2));
        }
    }

    @Nested
    class RequireAuth {
        private final MeetingSettings signedInOnly = new MeetingSettings(true, true, false, false);

        @Test
        void refusesGuests() {
            fixture.given(created(5, signedInOnly))
                    .when(join(ALICE, T1))
                    .expectException(rejectedFor(MeetingRejection.AUTHENTICATION_REQUIRED))
                    .expectNoEvents();
        }

        @Test
        void admitsUsers() {
            fixture.given(created(5, signedInOnly))
                    .when(new JoinMeeting(MEETING, ALICE, STRANGER, "Alice", null, null, null, T1))
                    .expectEvents(new MeetingStarted(MEETING, T1),
                            new ParticipantJoined(MEETING, ALICE, STRANGER, "Alice", T1, ConnectionInfo.UNKNOWN));
        }
    }

    @Nested
    class Kicking {
        @Test
        void theHostKicksAndTheParticipantLeavesKicked() {
            fixture.given(aliceAndBob())
                    .when(new KickParticipant(MEETING, ALICE, HOST, false, T2))
                    .expectEvents(new ParticipantLeft(MEETING, ALICE, LeaveReason.KICKED, T2));
        }

        @Test
        void onlyTheHostOrAnAdminKicks() {
            fixture.given(aliceAndBob())
                    .when(new KickParticipant(MEETING, ALICE, STRANGER, false, T2))
                    .expectException(rejectedFor(MeetingRejection.NOT_ALLOWED))
                    .expectNoEvents();
        }

        @Test
        void kickingTheLastOneEndsTheMeeting() {
            fixture.given(created(5), new MeetingStarted(MEETING, T1), joined(ALICE, T1))
                    .when(new KickParticipant(MEETING, ALICE, null, true, T2))
                    .expectEvents(new ParticipantLeft(MEETING, ALICE, LeaveReason.KICKED, T2),
                            new MeetingEnded(MEETING, EndReason.LAST_PARTICIPANT_LEFT, T2));
        }

        @Test
        void kickingOneAlreadyGoneChangesNothing() {
            fixture.given(aliceAndBob(new ParticipantLeft(MEETING, ALICE, LeaveReason.VOLUNTARY, T2)))
                    .when(new KickParticipant(MEETING, ALICE, HOST, false, T2))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }
    }

    @Nested
    class Assigning {
        @Test
        void aControllerAndAMediaHandlerAreAssignedOnceEach() {
            fixture.given(created(5))
                    .when(new AssignController(MEETING, "mc-us-west-1-001", "us-west-1", T1))
                    .expectEvents(new ControllerAssigned(MEETING, "mc-us-west-1-001", "us-west-1", T1));
            fixture.given(created(5), new ControllerAssigned(MEETING, "mc-us-west-1-001", "us-west-1", T1))
                    .when(new AssignController(MEETING, "mc-us-west-1-001", "us-west-1", T2))
                    .expectNoEvents();
            fixture.given(created(5), new MediaHandlerAssigned(MEETING, "mh-us-west-1-003", T1))
                    .when(new AssignMediaHandler(MEETING, "mh-us-west-1-003", T2))
                    .expectNoEvents();
        }

        @Test
        void failoverAssignsAnotherController() {
            fixture.given(created(5), new ControllerAssigned(MEETING, "mc-us-west-1-001", "us-west-1", T1))
                    .when(new AssignController(MEETING, "mc-us-west-1-002", "us-west-1", T2))
                    .expectEvents(new ControllerAssigned(MEETING, "mc-us-west-1-002", "us-west-1", T2));
        }

        @Test
        void anEndedMeetingIsAssignedNothing() {
            fixture.given(created(5), new MeetingEnded(MEETING, EndReason.ENDED_BY_HOST, T1))
                    .when(new AssignMediaHandler(MEETING, "mh-1", T2))
                    .expectException(rejectedFor(MeetingRejection.MEETING_ENDED));
        }

        @Test
        void nodeIdsAreCheckedLikeTheirColumns() {
            fixture.given(created(5))
                    .when(new AssignController(MEETING, "mc\n1", "x".repeat(51), T1))
                    .expectException(invalid("region"))
                    .expectNoEvents();
        }
    }

    @Nested
    class Streams {
        @Test
        void aPresentParticipantPublishesAndTheAnswerCarriesItsStreams() {
            fixture.given(aliceAndBob(published(CAM, ALICE, T1, CAM)))
                    .when(new PublishStream(MEETING, MIC, ALICE, StreamType.AUDIO_MICROPHONE, Codec.OPUS, 64_000, T2))
                    .expectEvents(new StreamPublished(MEETING, MIC, ALICE, StreamType.AUDIO_MICROPHONE, Codec.OPUS, 64_000,
                            T2, List.of(CAM, MIC)));
        }

        @Test
        void aRetriedPublishAnswersTheFirst() {
            fixture.given(aliceAndBob(published(CAM, ALICE, T1, CAM)))
                    .when(publish(CAM, ALICE, T2))
                    .expectNoEvents()
                    .expectResultMessagePayload(published(CAM, ALICE, T1, CAM));
        }

        @Test
        void onlyPresentParticipantsPublish() {
            fixture.given(aliceAndBob())
                    .when(publish(CAM, CAROL, T2))
                    .expectException(rejectedFor(MeetingRejection.NOT_A_PARTICIPANT));
        }

        @Test
        void aBitrateOutOfRangeIsRefused() {
            fixture.given(aliceAndBob())
                    .when(new PublishStream(MEETING, CAM, ALICE, StreamType.VIDEO_CAMERA, Codec.VP9, 0, T2))
                    .expectException(invalid("maxBitrate"));
        }

        @Test
        void subscribersAreCountedAndTheirCountTravels() {
            fixture.given(aliceAndBob(published(CAM, ALICE, T1, CAM)))
                    .when(new SubscribeStream(MEETING, CAM, BOB, T2))
                    .expectEvents(new StreamSubscribed(MEETING, CAM, BOB, 1, T2));
            fixture.given(aliceAndBob(published(CAM, ALICE, T1, CAM), new StreamSubscribed(MEETING, CAM, BOB, 1, T2)))
                    .when(new SubscribeStream(MEETING, CAM, BOB, T2))
                    .expectNoEvents();
        }

        @Test
        void nobodySubscribesToItsOwnOrAMissingStream() {
            fixture.given(aliceAndBob(published(CAM, ALICE, T1, CAM)))
                    .when(new SubscribeStream(MEETING, CAM, ALICE, T2))
                    .expectException(rejectedFor(MeetingRejection.OWN_STREAM));
            fixture.given(aliceAndBob())
                    .when(new SubscribeStream(MEETING, CAM, BOB, T2))
                    .expectException(rejectedFor(MeetingRejection.STREAM_NOT_FOUND));
        }

        @Test
        void unpublishingEndsTheSubscriptionsFirst() {
            fixture.given(aliceAndBob(published(CAM, ALICE, T1, CAM), new StreamSubscribed(MEETING, CAM, BOB, 1, T1)))
                    .when(new UnpublishStream(MEETING, CAM, ALICE, T2))
                    .expectEvents(new StreamUnsubscribed(MEETING, CAM, BOB, 0, T2),
                            new StreamUnpublished(MEETING, CAM, ALICE, T2, List.of()));
        }

        @Test
        void onlyThePublisherUnpublishesAndTwiceChangesNothing() {
            fixture.given(aliceAndBob(published(CAM, ALICE, T1, CAM)))
                    .when(new UnpublishStream(MEETING, CAM, BOB, T2))
                    .expectException(rejectedFor(MeetingRejection.NOT_ALLOWED));
            fixture.given(aliceAndBob(published(CAM, ALICE, T1, CAM), new StreamUnpublished(MEETING, CAM, ALICE, T2, List.of())))
                    .when(new UnpublishStream(MEETING, CAM, ALICE, T2))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void leavingEndsWhatTheParticipantReceivesAndSends() {
            UUID bobCam = UUID.fromString("b8f3c5a2-1234-5678-9abc-def0123456ab");
            fixture.given(aliceAndBob(published(CAM, ALICE, T1, CAM), published(bobCam, BOB, T1, bobCam),
                            new StreamSubscribed(MEETING, CAM, BOB, 1, T1), new StreamSubscribed(MEETING, bobCam, ALICE, 1, T1)))
                    .when(new LeaveMeeting(MEETING, ALICE, LeaveReason.CONNECTION_LOST, T2))
                    .expectEvents(new StreamUnsubscribed(MEETING, bobCam, ALICE, 0, T2),
                            new StreamUnsubscribed(MEETING, CAM, BOB, 0, T2),
                            new StreamUnpublished(MEETING, CAM, ALICE, T2, List.of()),
                            new ParticipantLeft(MEETING, ALICE, LeaveReason.CONNECTION_LOST, T2));
        }

        @Test
        void aParticipantPublishesAtMostItsLimit() {
            List<Object> given = aliceAndBob();
            List<UUID> own = new java.util.ArrayList<>();
            for (int i = 0; i < Meeting.MAX_STREAMS_PER_PARTICIPANT; i++) {
                UUID stream = new UUID(1, i);
                own.add(stream);
                given.add(published(stream, ALICE, T1, own.toArray(UUID[]::new)));
            }
            fixture.given(given)
                    .when(publish(CAM, ALICE, T2))
                    .expectException(rejectedFor(MeetingRejection.STREAM_LIMIT));
        }
    }

    @Nested
    class AuthorizingRecording {
        private final MeetingSettings recordable = new MeetingSettings(true, false, true, false);

        @Test
        void anActiveMeetingThatAllowsItAuthorizesItsCreatorAndParticipantsAndAppendsNothing() {
            fixture.given(created(5, recordable), new MeetingStarted(MEETING, T1))
                    .when(new AuthorizeRecording(MEETING, UUID.randomUUID(), HOST, false, T2))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
            fixture.given(created(5, recordable), new MeetingStarted(MEETING, T1),
                            new ParticipantJoined(MEETING, ALICE, STRANGER, "Alice", T1, FROM))
                    .when(new AuthorizeRecording(MEETING, UUID.randomUUID(), STRANGER, false, T2))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void refusedWhereNotAllowedNotActiveOrNotACaller() {
            fixture.given(created(5), new MeetingStarted(MEETING, T1))
                    .when(new AuthorizeRecording(MEETING, UUID.randomUUID(), HOST, false, T2))
                    .expectException(rejectedFor(MeetingRejection.RECORDING_NOT_ALLOWED));
            fixture.given(created(5, recordable))
                    .when(new AuthorizeRecording(MEETING, UUID.randomUUID(), HOST, false, T2))
                    .expectException(rejectedFor(MeetingRejection.MEETING_NOT_ACTIVE));
            fixture.given(created(5, recordable), new MeetingStarted(MEETING, T1), new MeetingEnded(MEETING, EndReason.ENDED_BY_HOST, T2))
                    .when(new AuthorizeRecording(MEETING, UUID.randomUUID(), HOST, false, T2))
                    .expectException(rejectedFor(MeetingRejection.MEETING_NOT_ACTIVE));
            fixture.given(created(5, recordable), new MeetingStarted(MEETING, T1))
                    .when(new AuthorizeRecording(MEETING, UUID.randomUUID(), STRANGER, false, T2))
                    .expectException(rejectedFor(MeetingRejection.NOT_ALLOWED));
        }
    }

    @Nested
    class BoundedState {
        @Test
        void endedSessionsAreRememberedUpToALimitOnly() {
            List<Object> given = new java.util.ArrayList<>(List.of(created(Meeting.MAX_CAPACITY), new MeetingStarted(MEETING, T1),
                    joined(HOST, T1)));
            for (int i = 0; i < Meeting.REMEMBERED + 5; i++) {
                UUID participant = new UUID(2, i);
                given.add(joined(participant, T1));
                given.add(new ParticipantLeft(MEETING, participant, LeaveReason.VOLUNTARY, T1));
            }
            // the oldest ended sessions are forgotten: leaving again is no longer known to be a repeat
            fixture.given(given)
                    .when(new LeaveMeeting(MEETING, new UUID(2, 0), LeaveReason.VOLUNTARY, T2))
                    .expectException(rejectedFor(MeetingRejection.NOT_A_PARTICIPANT));
            // the newest are: a repeated leave changes nothing
            fixture.given(given)
                    .when(new LeaveMeeting(MEETING, new UUID(2, Meeting.REMEMBERED + 4), LeaveReason.VOLUNTARY, T2))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }
    }
}
