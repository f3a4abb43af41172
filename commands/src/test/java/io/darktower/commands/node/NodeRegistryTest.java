package io.darktower.commands.node;

import static io.darktower.commands.CommandMatchers.invalid;
import static io.darktower.commands.CommandMatchers.rejectedFor;

import io.darktower.events.node.ControllerCapacityChanged;
import io.darktower.events.node.ControllerDeregistered;
import io.darktower.events.node.ControllerHealthChanged;
import io.darktower.events.node.ControllerRegistered;
import io.darktower.events.node.MediaHandlerCapacityChanged;
import io.darktower.events.node.MediaHandlerDeregistered;
import io.darktower.events.node.MediaHandlerHealthChanged;
import io.darktower.events.node.MediaHandlerRegistered;
import io.darktower.events.node.NodeHealth;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.messaging.interceptors.BeanValidationInterceptor;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The node registries' rules, as given events / when command / expect events. */
class NodeRegistryTest {

    private static final String MC = "mc-us-west-1-001";
    private static final String MH = "mh-us-west-1-001";
    private static final String MC_URL = "https://mc-us-west-1-001.example.com:8443";
    private static final String MH_URL = "https://mh-us-west-1-001.example.com:4433";
    private static final Instant T0 = Instant.parse("2026-01-16T13:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);
    private static final Instant T2 = T0.plusSeconds(120);



    @Nested
    class Controllers {

        private FixtureConfiguration<MeetingController> fixture;

        @BeforeEach
        void setUp() {
            fixture = new AggregateTestFixture<>(MeetingController.class);
            fixture.registerCommandHandlerInterceptor(new BeanValidationInterceptor<>());
        }

        private RegisterController register(String version, int maxMeetings, Instant at) {
            return new RegisterController(MC, "us-west-1", MC_URL, maxMeetings, 10_000, version, Map.of("rack", "r1"), at);
        }

        private ControllerRegistered registered(String version, int maxMeetings, Instant at) {
            return new ControllerRegistered(MC, "us-west-1", MC_URL, maxMeetings, 10_000, version, Map.of("rack", "r1"), at);
        }

        @Test
        void registers() {
            fixture.givenNoPriorActivity()
                    .when(register("1.0", 1000, T0))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(registered("1.0", 1000, T0));
        }

        @Test
        void registeringAgainWithTheSameDetailsIsARetry() {
            fixture.given(registered("1.0", 1000, T0))
                    .when(register("1.0", 1000, T1))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void registeringAgainWithOtherDetailsRegistersAfresh() {
            fixture.given(registered("1.0", 1000, T0))
                    .when(register("1.1", 1000, T1))
                    .expectEvents(registered("1.1", 1000, T1));
        }

        @Test
        void aRetryAfterALimitsChangeComparesWithTheNewLimits() {
            fixture.given(registered("1.0", 1000, T0), new ControllerCapacityChanged(MC, 500, 10_000, T1))
                    .when(register("1.0", 500, T2))
                    .expectNoEvents();
        }

        @Test
        void aDeregisteredControllerRegistersAgain() {
            fixture.given(registered("1.0", 1000, T0), new ControllerDeregistered(MC, T1))
                    .when(register("1.0", 1000, T2))
                    .expectEvents(registered("1.0", 1000, T2));
        }

        @Test
        void limitsChange() {
            fixture.given(registered("1.0", 1000, T0))
                    .when(new ChangeControllerCapacity(MC, 500, 5000, T1))
                    .expectEvents(new ControllerCapacityChanged(MC, 500, 5000, T1));
        }

        @Test
        void theSameLimitsChangeNothing() {
            fixture.given(registered("1.0", 1000, T0))
                    .when(new ChangeControllerCapacity(MC, 1000, 10_000, T1))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void healthChangesWithItsReason() {
            fixture.given(registered("1.0", 1000, T0))
                    .when(new ChangeControllerHealth(MC, NodeHealth.UNHEALTHY, "no heartbeat for 30 s", T1))
                    .expectEvents(new ControllerHealthChanged(MC, NodeHealth.UNHEALTHY, "no heartbeat for 30 s", T1));
        }

        @Test
        void theSameHealthChangesNothingWhateverTheReason() {
            fixture.given(registered("1.0", 1000, T0),
                            new ControllerHealthChanged(MC, NodeHealth.UNHEALTHY, "no heartbeat for 30 s", T1))
                    .when(new ChangeControllerHealth(MC, NodeHealth.UNHEALTHY, "still none", T2))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void aRegistrationMakesItHealthyAgain() {
            fixture.given(registered("1.0", 1000, T0), new ControllerHealthChanged(MC, NodeHealth.UNHEALTHY, null, T1),
                            registered("1.1", 1000, T2))
                    .when(new ChangeControllerHealth(MC, NodeHealth.HEALTHY, null, T2))
                    .expectNoEvents();
        }

        @Test
        void deregisters() {
            fixture.given(registered("1.0", 1000, T0))
                    .when(new DeregisterController(MC, T1))
                    .expectEvents(new ControllerDeregistered(MC, T1));
        }

        @Test
        void deregisteringTwiceChangesNothing() {
            fixture.given(registered("1.0", 1000, T0), new ControllerDeregistered(MC, T1))
                    .when(new DeregisterController(MC, T2))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void anUnknownControllerIsNotRegistered() {
            fixture.givenNoPriorActivity()
                    .when(new DeregisterController(MC, T1))
                    .expectException(rejectedFor(NodeRejection.NOT_REGISTERED))
                    .expectNoEvents();
            fixture.givenNoPriorActivity()
                    .when(new ChangeControllerHealth(MC, NodeHealth.DEGRADED, null, T1))
                    .expectException(rejectedFor(NodeRejection.NOT_REGISTERED));
            fixture.givenNoPriorActivity()
                    .when(new ChangeControllerCapacity(MC, 1, 1, T1))
                    .expectException(rejectedFor(NodeRejection.NOT_REGISTERED));
        }

        @Test
        void aDeregisteredControllerTakesNoHealthOrLimits() {
            fixture.given(registered("1.0", 1000, T0), new ControllerDeregistered(MC, T1))
                    .when(new ChangeControllerHealth(MC, NodeHealth.DEGRADED, null, T2))
                    .expectException(rejectedFor(NodeRejection.NOT_REGISTERED))
                    .expectNoEvents();
            fixture.given(registered("1.0", 1000, T0), new ControllerDeregistered(MC, T1))
                    .when(new ChangeControllerCapacity(MC, 5, 5, T2))
                    .expectException(rejectedFor(NodeRejection.NOT_REGISTERED));
        }

        @Test
        void idsAreOfTheSeedsSizeAndASafeCharset() {
            fixture.givenNoPriorActivity()
                    .when(new RegisterController("mc:1", "us-west-1", MC_URL, 10, 10, null, Map.of(), T0))
                    .expectException(invalid("controllerId")).expectNoEvents();
            fixture.givenNoPriorActivity()
                    .when(new RegisterController("x".repeat(256), "us-west-1", MC_URL, 10, 10, null, Map.of(), T0))
                    .expectException(invalid("controllerId"));
            fixture.givenNoPriorActivity()
                    .when(new RegisterController("mc-1\u0000", "us-west-1", MC_URL, 10, 10, null, Map.of(), T0))
                    .expectException(invalid("controllerId"));
            fixture.givenNoPriorActivity()
                    .when(new RegisterController("mc-1", "r".repeat(51), MC_URL, 10, 10, null, Map.of(), T0))
                    .expectException(invalid("region"));
            fixture.givenNoPriorActivity()
                    .when(new RegisterController("mc-1", "us-west-1", "not a url", 10, 10, null, Map.of(), T0))
                    .expectException(invalid("endpoint"));
            fixture.givenNoPriorActivity()
                    .when(new RegisterController("mc-1", "us-west-1", MC_URL, 10, 10, "1.0\n", Map.of(), T0))
                    .expectException(invalid("version"));
        }

        @Test
        void limitsAreInRange() {
            fixture.givenNoPriorActivity()
                    .when(new RegisterController(MC, "us-west-1", MC_URL, 0, 10, null, Map.of(), T0))
                    .expectException(invalid("maxMeetings"));
            fixture.givenNoPriorActivity()
                    .when(new RegisterController(MC, "us-west-1", MC_URL, 10, 1_000_001, null, Map.of(), T0))
                    .expectException(invalid("maxParticipants"));
            fixture.given(registered("1.0", 1000, T0))
                    .when(new ChangeControllerCapacity(MC, -1, 10, T1))
                    .expectException(invalid("maxMeetings")).expectNoEvents();
        }

        @Test
        void metadataIsBoundedText() {
            fixture.givenNoPriorActivity()
                    .when(new RegisterController(MC, "us-west-1", MC_URL, 10, 10, null, Map.of("rack", "r1\u0007"), T0))
                    .expectException(invalid("metadata[rack].<map value>"));
            fixture.givenNoPriorActivity()
                    .when(new RegisterController(MC, "us-west-1", MC_URL, 10, 10, null, Map.of("k".repeat(65), "v"), T0))
                    .expectException(invalid("metadata<K>[" + "k".repeat(65) + "].<map key>"));
        }
    }

    @Nested
    class MediaHandlers {

        private FixtureConfiguration<MediaHandler> fixture;

        @BeforeEach
        void setUp() {
            fixture = new AggregateTestFixture<>(MediaHandler.class);
            fixture.registerCommandHandlerInterceptor(new BeanValidationInterceptor<>());
        }

        private RegisterMediaHandler register(List<String> codecs, Instant at) {
            return new RegisterMediaHandler(MH, "us-west-1", MH_URL, 5000, 10_000, true, false, codecs, "2.0", Map.of(), at);
        }

        private MediaHandlerRegistered registered(List<String> codecs, Instant at) {
            return new MediaHandlerRegistered(MH, "us-west-1", MH_URL, 5000, 10_000, true, false, codecs, "2.0", Map.of(), at);
        }

        @Test
        void registersRetriesAndRegistersAfresh() {
            fixture.givenNoPriorActivity()
                    .when(register(RegisterMediaHandler.DEFAULT_CODECS, T0))
                    .expectEvents(registered(RegisterMediaHandler.DEFAULT_CODECS, T0));
            fixture.given(registered(RegisterMediaHandler.DEFAULT_CODECS, T0))
                    .when(register(RegisterMediaHandler.DEFAULT_CODECS, T1))
                    .expectNoEvents();
            fixture.given(registered(RegisterMediaHandler.DEFAULT_CODECS, T0))
                    .when(register(List.of("VP9", "Opus"), T1))
                    .expectEvents(registered(List.of("VP9", "Opus"), T1));
        }

        @Test
        void limitsAndHealthChangeOnlyWhenDifferent() {
            fixture.given(registered(RegisterMediaHandler.DEFAULT_CODECS, T0))
                    .when(new ChangeMediaHandlerCapacity(MH, 4000, 8000, T1))
                    .expectEvents(new MediaHandlerCapacityChanged(MH, 4000, 8000, T1));
            fixture.given(registered(RegisterMediaHandler.DEFAULT_CODECS, T0))
                    .when(new ChangeMediaHandlerCapacity(MH, 5000, 10_000, T1))
                    .expectNoEvents();
            fixture.given(registered(RegisterMediaHandler.DEFAULT_CODECS, T0))
                    .when(new ChangeMediaHandlerHealth(MH, NodeHealth.DEGRADED, "loss", T1))
                    .expectEvents(new MediaHandlerHealthChanged(MH, NodeHealth.DEGRADED, "loss", T1));
            fixture.given(registered(RegisterMediaHandler.DEFAULT_CODECS, T0))
                    .when(new ChangeMediaHandlerHealth(MH, NodeHealth.HEALTHY, null, T1))
                    .expectNoEvents();
        }

        @Test
        void deregistersOnceAndRefusesTheUnknown() {
            fixture.given(registered(RegisterMediaHandler.DEFAULT_CODECS, T0))
                    .when(new DeregisterMediaHandler(MH, T1))
                    .expectEvents(new MediaHandlerDeregistered(MH, T1));
            fixture.given(registered(RegisterMediaHandler.DEFAULT_CODECS, T0), new MediaHandlerDeregistered(MH, T1))
                    .when(new DeregisterMediaHandler(MH, T2))
                    .expectNoEvents();
            fixture.givenNoPriorActivity()
                    .when(new ChangeMediaHandlerHealth(MH, NodeHealth.DEGRADED, null, T1))
                    .expectException(rejectedFor(NodeRejection.NOT_REGISTERED));
        }

        @Test
        void codecsAreBoundedSafeNames() {
            fixture.givenNoPriorActivity()
                    .when(register(List.of("VP9", "bad codec"), T0))
                    .expectException(invalid("supportedCodecs[1].<list element>"));
            fixture.givenNoPriorActivity()
                    .when(register(java.util.Collections.nCopies(33, "VP9"), T0))
                    .expectException(invalid("supportedCodecs"));
            fixture.givenNoPriorActivity()
                    .when(new RegisterMediaHandler(MH, "us-west-1", MH_URL, 5000, 0, true, true, List.of(), null, Map.of(), T0))
                    .expectException(invalid("maxBitrateMbps"));
        }
    }
}
