package io.darktower.commands.recording;

import static io.darktower.commands.CommandMatchers.invalid;
import static io.darktower.commands.CommandMatchers.rejectedFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import io.darktower.commands.Rejected;
import io.darktower.commands.meeting.AuthorizeRecording;
import io.darktower.commands.meeting.MeetingRejection;
import io.darktower.events.recording.RecordingFailed;
import io.darktower.events.recording.RecordingProcessingStarted;
import io.darktower.events.recording.RecordingReady;
import io.darktower.events.recording.RecordingShareRevoked;
import io.darktower.events.recording.RecordingShared;
import io.darktower.events.recording.RecordingStarted;
import io.darktower.events.recording.RecordingStopped;
import io.darktower.readmodel.RecordingStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.messaging.interceptors.BeanValidationInterceptor;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The recording's rules, as given events / when command / expect events. The meeting's answer to
 * {@link AuthorizeRecording} is played by a handler on the fixture's bus: the start flow asks it, then creates.
 */
class RecordingTest {

    private static final UUID RECORDING = UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    private static final UUID MEETING = UUID.fromString("550e8400-e29b-41d4-a716-446655440000");
    private static final UUID HOST = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    /** The user who started the recording in {@link #started()}. */
    private static final RecordingRequester BY_HOST = new RecordingRequester(HOST, false);
    private static final UUID SHARE = UUID.fromString("9f1c2d3e-0000-4000-8000-000000000001");
    private static final Instant T0 = Instant.parse("2026-01-16T13:00:00Z");
    private static final Instant T1 = T0.plusSeconds(600);
    private static final Instant T2 = T0.plusSeconds(900);
    private static final String PATH = "meetings/" + MEETING + "/recordings/" + RECORDING;
    private static final String BUCKET = "darktower-recordings";
    private static final String HASH = ShareTokens.hash("token");

    private FixtureConfiguration<Recording> fixture;
    private final List<AuthorizeRecording> asked = new ArrayList<>();
    private Rejected.Reason meetingRefuses;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Recording.class);
        fixture.registerCommandHandlerInterceptor(new BeanValidationInterceptor<>());
        fixture.registerCommandHandler(AuthorizeRecording.class, message -> {
            asked.add((AuthorizeRecording) message.getPayload());
            if (meetingRefuses != null) {
                throw new Rejected(meetingRefuses, "the meeting says no");
            }
            return null;
        });
        fixture.registerAnnotatedCommandHandler(new RecordingStarter(fixture.getRepository(),
                DefaultCommandGateway.builder().commandBus(fixture.getCommandBus()).build()));
    }

    private static RecordingStarted started() {
        return new RecordingStarted(RECORDING, MEETING, HOST, PATH, BUCKET, T0);
    }

    private static StartRecording start() {
        return new StartRecording(RECORDING, MEETING, HOST, false, PATH, BUCKET, T0);
    }

    private static RecordingReady ready(Instant at) {
        return new RecordingReady(RECORDING, 5_000_000L, 590, "h264", "opus", "1920x1080", PATH, BUCKET, at);
    }

    private static MarkRecordingReady markReady(Instant at) {
        return new MarkRecordingReady(RECORDING, 5_000_000L, 590L, "h264", "opus", "1920x1080", null, null, at);
    }



    @Nested
    class Starting {
        @Test
        void asksTheMeetingThenStarts() {
            fixture.givenNoPriorActivity()
                    .when(start())
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(started())
                    .expectResultMessagePayload(started());
            assertThat(asked).containsExactly(new AuthorizeRecording(MEETING, RECORDING, HOST, false, T0));
        }

        @Test
        void aMeetingThatRefusesStartsNothing() {
            for (MeetingRejection reason : List.of(MeetingRejection.RECORDING_NOT_ALLOWED,
                    MeetingRejection.MEETING_NOT_ACTIVE, MeetingRejection.NOT_ALLOWED)) {
                meetingRefuses = reason;
                fixture.givenNoPriorActivity()
                        .when(start())
                        .expectException(rejectedFor(reason))
                        .expectNoEvents();
            }
        }

        @Test
        void aRetryAnswersAsTheFirstStartWithoutAskingAgain() {
            meetingRefuses = MeetingRejection.MEETING_NOT_ACTIVE; // the meeting has ended since: the first answer stands
            fixture.given(started())
                    .when(new StartRecording(RECORDING, MEETING, HOST, false, PATH, BUCKET, T1))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(started());
            assertThat(asked).isEmpty();
        }

        @Test
        void theSameIdForAnotherMeetingIsRefused() {
            fixture.given(started())
                    .when(new StartRecording(RECORDING, UUID.randomUUID(), HOST, false, PATH, BUCKET, T1))
                    .expectException(rejectedFor(RecordingRejection.IDEMPOTENCY_KEY_REUSED))
                    .expectNoEvents();
        }

        @Test
        void refusesWhatTheReadModelCouldNotHoldBeforeAskingTheMeeting() {
            fixture.givenNoPriorActivity()
                    .when(new StartRecording(RECORDING, MEETING, HOST, false, "p\u0000th", BUCKET, T0))
                    .expectException(invalid("storagePath"))
                    .expectNoEvents();
            fixture.givenNoPriorActivity()
                    .when(new StartRecording(RECORDING, MEETING, HOST, false, PATH, "b".repeat(Recording.MAX_BUCKET + 1), T0))
                    .expectException(invalid("storageBucket"));
            fixture.givenNoPriorActivity()
                    .when(new StartRecording(RECORDING, MEETING, HOST, false, PATH, BUCKET, Instant.parse("+300000-01-01T00:00:00Z")))
                    .expectException(invalid("requestedAt"));
            assertThat(asked).isEmpty();
        }
    }

    @Nested
    class Stopping {
        @Test
        void stopsARunningRecording() {
            fixture.given(started())
                    .when(new StopRecording(RECORDING, BY_HOST, T1))
                    .expectEvents(new RecordingStopped(RECORDING, T1))
                    .expectResultMessagePayload(RecordingStatus.RECORDING);
        }

        @Test
        void stoppingTwiceChangesNothing() {
            fixture.given(started(), new RecordingStopped(RECORDING, T1))
                    .when(new StopRecording(RECORDING, BY_HOST, T2))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void stoppingAFinishedRecordingChangesNothing() {
            fixture.given(started(), new RecordingStopped(RECORDING, T1), ready(T2))
                    .when(new StopRecording(RECORDING, BY_HOST, T2))
                    .expectNoEvents()
                    .expectResultMessagePayload(RecordingStatus.READY);
        }

        @Test
        void onlyItsStarterAnAdministratorOrThePlatformStopsIt() {
            UUID stranger = UUID.randomUUID();
            fixture.given(started())
                    .when(new StopRecording(RECORDING, new RecordingRequester(stranger, false), T1))
                    .expectException(rejectedFor(RecordingRejection.NOT_ALLOWED))
                    .expectNoEvents();
            fixture.given(started())
                    .when(new StopRecording(RECORDING, new RecordingRequester(null, false), T1))
                    .expectException(rejectedFor(RecordingRejection.NOT_ALLOWED))
                    .expectNoEvents();
            fixture.given(started())
                    .when(new StopRecording(RECORDING, new RecordingRequester(stranger, true), T1))
                    .expectEvents(new RecordingStopped(RECORDING, T1));
            fixture.given(started())
                    .when(new StopRecording(RECORDING, null, T1))
                    .expectEvents(new RecordingStopped(RECORDING, T1));
        }

        @Test
        void aStopDatedBeforeTheStartEndsItAtTheStart() {
            fixture.given(started())
                    .when(new StopRecording(RECORDING, BY_HOST, T0.minusSeconds(5)))
                    .expectEvents(new RecordingStopped(RECORDING, T0));
        }
    }

    @Nested
    class Processing {
        @Test
        void aStoppedRecordingIsProcessed() {
            fixture.given(started(), new RecordingStopped(RECORDING, T1))
                    .when(new MarkRecordingProcessing(RECORDING, T2))
                    .expectEvents(new RecordingProcessingStarted(RECORDING, T2))
                    .expectResultMessagePayload(RecordingStatus.PROCESSING);
        }

        @Test
        void notBeforeItStopped() {
            fixture.given(started())
                    .when(new MarkRecordingProcessing(RECORDING, T1))
                    .expectException(rejectedFor(RecordingRejection.NOT_STOPPED))
                    .expectNoEvents();
        }

        @Test
        void sayingItTwiceChangesNothing() {
            fixture.given(started(), new RecordingStopped(RECORDING, T1), new RecordingProcessingStarted(RECORDING, T1))
                    .when(new MarkRecordingProcessing(RECORDING, T2))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void notAfterItFinished() {
            fixture.given(started(), new RecordingStopped(RECORDING, T1), ready(T1))
                    .when(new MarkRecordingProcessing(RECORDING, T2))
                    .expectException(rejectedFor(RecordingRejection.ALREADY_FINISHED));
            fixture.given(started(), new RecordingStopped(RECORDING, T1), new RecordingFailed(RECORDING, "disk full", T1))
                    .when(new MarkRecordingProcessing(RECORDING, T2))
                    .expectException(rejectedFor(RecordingRejection.ALREADY_FINISHED))
                    .expectNoEvents();
        }
    }

    @Nested
    class Ready {
        @Test
        void aProcessedRecordingBecomesReadyWhereItWasStartedUnlessToldOtherwise() {
            fixture.given(started(), new RecordingStopped(RECORDING, T1), new RecordingProcessingStarted(RECORDING, T1))
                    .when(markReady(T2))
                    .expectEvents(ready(T2))
                    .expectResultMessagePayload(RecordingStatus.READY);
            fixture.given(started(), new RecordingStopped(RECORDING, T1))
                    .when(new MarkRecordingReady(RECORDING, 7L, 1L, null, null, null, "final/path.mp4", "archive", T2))
                    .expectEvents(new RecordingReady(RECORDING, 7L, 1, null, null, null, "final/path.mp4", "archive", T2));
        }

        @Test
        void noReadyBeforeStop() {
            fixture.given(started())
                    .when(markReady(T2))
                    .expectException(rejectedFor(RecordingRejection.NOT_STOPPED))
                    .expectNoEvents();
        }

        @Test
        void theSameOutcomeAgainChangesNothingAnotherIsRefused() {
            fixture.given(started(), new RecordingStopped(RECORDING, T1), ready(T1))
                    .when(markReady(T2))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
            fixture.given(started(), new RecordingStopped(RECORDING, T1), ready(T1))
                    .when(new MarkRecordingReady(RECORDING, 1L, 590L, "h264", "opus", "1920x1080", null, null, T2))
                    .expectException(rejectedFor(RecordingRejection.ALREADY_FINISHED))
                    .expectNoEvents();
        }

        @Test
        void aFailedRecordingNeverBecomesReady() {
            fixture.given(started(), new RecordingStopped(RECORDING, T1), new RecordingFailed(RECORDING, "disk full", T1))
                    .when(markReady(T2))
                    .expectException(rejectedFor(RecordingRejection.ALREADY_FINISHED))
                    .expectNoEvents();
        }

        @Test
        void refusesNumbersAndTextTheReadModelCouldNotHold() {
            fixture.given(started(), new RecordingStopped(RECORDING, T1))
                    .when(new MarkRecordingReady(RECORDING, -1L, 590L, null, null, null, null, null, T2))
                    .expectException(invalid("fileSizeBytes"))
                    .expectNoEvents();
            fixture.given(started(), new RecordingStopped(RECORDING, T1))
                    .when(new MarkRecordingReady(RECORDING, 1L, Integer.MAX_VALUE + 1L, null, null, null, null, null, T2))
                    .expectException(invalid("durationSeconds"));
            fixture.given(started(), new RecordingStopped(RECORDING, T1))
                    .when(new MarkRecordingReady(RECORDING, 1L, -1L, null, null, null, null, null, T2))
                    .expectException(invalid("durationSeconds"));
            fixture.given(started(), new RecordingStopped(RECORDING, T1))
                    .when(new MarkRecordingReady(RECORDING, null, 1L, null, null, null, null, null, T2))
                    .expectException(invalid("fileSizeBytes"));
            fixture.given(started(), new RecordingStopped(RECORDING, T1))
                    .when(new MarkRecordingReady(RECORDING, 1L, 1L, "v".repeat(Recording.MAX_CODEC + 1), "op\nus", null, null, null, T2))
                    .expectException(invalid("videoCodec"));
            fixture.given(started(), new RecordingStopped(RECORDING, T1))
                    .when(new MarkRecordingReady(RECORDING, 1L, 1L, null, "op\nus", null, null, null, T2))
                    .expectException(invalid("audioCodec"));
            for (String resolution : List.of("1920*1080", "1920x", "0x1080", "1920x1080p", "123456x1", " 1920x1080")) {
                fixture.given(started(), new RecordingStopped(RECORDING, T1))
                        .when(new MarkRecordingReady(RECORDING, 1L, 1L, null, null, resolution, null, null, T2))
                        .expectException(invalid("resolution"))
                        .expectNoEvents();
            }
            fixture.given(started(), new RecordingStopped(RECORDING, T1))
                    .when(new MarkRecordingReady(RECORDING, Long.MAX_VALUE, (long) Integer.MAX_VALUE, null, null, "7680x4320", null, null, T2))
                    .expectEvents(new RecordingReady(RECORDING, Long.MAX_VALUE, Integer.MAX_VALUE, null, null, "7680x4320", PATH, BUCKET, T2));
        }
    }

    @Nested
    class Failing {
        @Test
        void aRunningRecordingStopsAndFails() {
            fixture.given(started())
                    .when(new FailRecording(RECORDING, "encoder crashed", T1))
                    .expectEvents(new RecordingStopped(RECORDING, T1), new RecordingFailed(RECORDING, "encoder crashed", T1))
                    .expectResultMessagePayload(RecordingStatus.FAILED);
        }

        @Test
        void aProcessingRecordingFails() {
            fixture.given(started(), new RecordingStopped(RECORDING, T1), new RecordingProcessingStarted(RECORDING, T1))
                    .when(new FailRecording(RECORDING, "transcoder out of memory", T2))
                    .expectEvents(new RecordingFailed(RECORDING, "transcoder out of memory", T2));
        }

        @Test
        void failingTwiceChangesNothingAndAReadyRecordingDoesNotFail() {
            fixture.given(started(), new RecordingStopped(RECORDING, T1), new RecordingFailed(RECORDING, "disk full", T1))
                    .when(new FailRecording(RECORDING, "disk still full", T2))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
            fixture.given(started(), new RecordingStopped(RECORDING, T1), ready(T1))
                    .when(new FailRecording(RECORDING, "too late", T2))
                    .expectException(rejectedFor(RecordingRejection.ALREADY_FINISHED))
                    .expectNoEvents();
        }

        @Test
        void anErrorMessageIsTextWithoutControlCharacters() {
            fixture.given(started())
                    .when(new FailRecording(RECORDING, " ", T1))
                    .expectException(invalid("errorMessage"));
            fixture.given(started())
                    .when(new FailRecording(RECORDING, "bad\u0000", T1))
                    .expectException(invalid("errorMessage"));
            fixture.given(started())
                    .when(new FailRecording(RECORDING, "e".repeat(Recording.MAX_ERROR + 1), T1))
                    .expectException(invalid("errorMessage"))
                    .expectNoEvents();
        }
    }

    @Nested
    class Sharing {
        @Test
        void sharesWithTheTokensHashOnly() {
            fixture.given(started(), new RecordingStopped(RECORDING, T1), ready(T1))
                    .when(new ShareRecording(RECORDING, SHARE, BY_HOST, true, HASH, T2))
                    .expectEvents(new RecordingShared(RECORDING, SHARE, true, HASH, T2))
                    .expectResultMessagePayload(new RecordingShared(RECORDING, SHARE, true, HASH, T2));
        }

        @Test
        void aRetriedShareAnswersTheFirstAndAnotherShareReplacesIt() {
            RecordingShared first = new RecordingShared(RECORDING, SHARE, false, HASH, T1);
            fixture.given(started(), first)
                    .when(new ShareRecording(RECORDING, SHARE, BY_HOST, false, ShareTokens.hash("the retry's own token"), T2))
                    .expectNoEvents()
                    .expectResultMessagePayload(first);
            fixture.given(started(), first)
                    .when(new ShareRecording(RECORDING, SHARE, BY_HOST, true, HASH, T2))
                    .expectException(rejectedFor(RecordingRejection.IDEMPOTENCY_KEY_REUSED))
                    .expectNoEvents();
            UUID again = UUID.randomUUID();
            String otherHash = ShareTokens.hash("other");
            fixture.given(started(), first)
                    .when(new ShareRecording(RECORDING, again, BY_HOST, true, otherHash, T2))
                    .expectEvents(new RecordingShared(RECORDING, again, true, otherHash, T2));
        }

        @Test
        void onlyItsStarterOrAnAdministratorSharesOrUnsharesIt() {
            RecordingRequester stranger = new RecordingRequester(UUID.randomUUID(), false);
            fixture.given(started(), new RecordingStopped(RECORDING, T1), ready(T1))
                    .when(new ShareRecording(RECORDING, SHARE, stranger, true, HASH, T2))
                    .expectException(rejectedFor(RecordingRejection.NOT_ALLOWED))
                    .expectNoEvents();
            fixture.given(started(), new RecordingShared(RECORDING, SHARE, true, HASH, T1))
                    .when(new RevokeRecordingShare(RECORDING, stranger, T2))
                    .expectException(rejectedFor(RecordingRejection.NOT_ALLOWED))
                    .expectNoEvents();
            fixture.given(started(), new RecordingShared(RECORDING, SHARE, true, HASH, T1))
                    .when(new RevokeRecordingShare(RECORDING, new RecordingRequester(null, true), T2))
                    .expectEvents(new RecordingShareRevoked(RECORDING, T2));
        }

        @Test
        void aFailedRecordingIsNotShared() {
            fixture.given(started(), new RecordingStopped(RECORDING, T1), new RecordingFailed(RECORDING, "disk full", T1))
                    .when(new ShareRecording(RECORDING, SHARE, BY_HOST, true, HASH, T2))
                    .expectException(rejectedFor(RecordingRejection.RECORDING_FAILED))
                    .expectNoEvents();
        }

        @Test
        void onlyAHashTravels() {
            fixture.given(started())
                    .when(new ShareRecording(RECORDING, SHARE, BY_HOST, true, "token-in-clear", T2))
                    .expectException(invalid("accessTokenHash"))
                    .expectNoEvents();
        }

        @Test
        void revokingClearsTheShareAndRevokingAgainChangesNothing() {
            fixture.given(started(), new RecordingShared(RECORDING, SHARE, true, HASH, T1))
                    .when(new RevokeRecordingShare(RECORDING, BY_HOST, T2))
                    .expectEvents(new RecordingShareRevoked(RECORDING, T2));
            fixture.given(started(), new RecordingShared(RECORDING, SHARE, true, HASH, T1), new RecordingShareRevoked(RECORDING, T1))
                    .when(new RevokeRecordingShare(RECORDING, BY_HOST, T2))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
            fixture.given(started())
                    .when(new RevokeRecordingShare(RECORDING, BY_HOST, T2))
                    .expectNoEvents();
        }

        @Test
        void tokensAreLongRandomAndHashedAsSha256Hex() {
            String token = ShareTokens.newToken();
            assertThat(token).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(ShareTokens.newToken());
            assertThat(ShareTokens.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        }
    }
}
