package io.darktower.commands.user;

import static io.darktower.commands.user.UserTest.rejectedFor;

import io.darktower.events.user.UserDeactivated;
import io.darktower.events.user.UserErased;
import io.darktower.events.user.UserRegistered;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.axonframework.messaging.interceptors.BeanValidationInterceptor;
import org.axonframework.messaging.interceptors.JSR303ViolationException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Erasing an account: one {@link UserErased} (no personal data in it), nothing on a second erasure, and no command
 * taken afterwards. Who may send it is the gateway's rule (administrators only: {@code UserErasureEndToEndTest}).
 */
class UserErasureTest {

    private static final UUID USER = UUID.fromString("0d3c1c7e-5a55-4f2c-9f0e-2f1f0e0a0b01");
    private static final Instant T0 = Instant.parse("2026-01-16T13:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);

    private FixtureConfiguration<User> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(User.class);
        fixture.registerInjectableResource(UserTest.KEYRING);
        fixture.registerInjectableResource(UserTest.PASSWORDS);
        fixture.registerCommandHandlerInterceptor(new BeanValidationInterceptor<>());
    }

    private static UserRegistered registered() {
        return new UserRegistered(USER, "erin@example.com", "Erin", null, T0);
    }

    @Test
    void erasingAnAccountRecordsThatItWasErasedAndNothingPersonal() {
        fixture.given(registered())
                .when(new EraseUser(USER, T1))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new UserErased(USER, T1));
    }

    @Test
    void aDeactivatedAccountCanBeErasedToo() {
        fixture.given(registered(), new UserDeactivated(USER, T0))
                .when(new EraseUser(USER, T1))
                .expectEvents(new UserErased(USER, T1));
    }

    @Test
    void erasingItAgainChangesNothing() {
        fixture.given(registered(), new UserErased(USER, T0))
                .when(new EraseUser(USER, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anErasedAccountTakesNoCommand() {
        fixture.given(registered(), new UserErased(USER, T0))
                .when(new LogIn(USER, "any password at all", T1))
                .expectNoEvents().expectException(rejectedFor(UserRejection.USER_ERASED));
        fixture.given(registered(), new UserErased(USER, T0))
                .when(new ChangeUserProfile(USER, "Erin again", Map.of(), T1))
                .expectNoEvents().expectException(rejectedFor(UserRejection.USER_ERASED));
        fixture.given(registered(), new UserErased(USER, T0))
                .when(new LinkOAuthProvider(USER, "github", "erin-gh", null, null, null, T1))
                .expectNoEvents().expectException(rejectedFor(UserRejection.USER_ERASED));
        // a registration retried with the erased account's idempotency key does not bring it back
        fixture.given(registered(), new UserErased(USER, T0))
                .when(new RegisterUser(USER, "erin@example.com", "Erin", null, T1))
                .expectNoEvents().expectException(rejectedFor(UserRejection.USER_ERASED));
    }

    @Test
    void anAccountThatNeverExistedCannotBeErased() {
        fixture.givenNoPriorActivity()
                .when(new EraseUser(USER, T1))
                .expectNoEvents().expectException(AggregateNotFoundException.class);
    }

    @Test
    void theCommandNamesItsUserAndTime() {
        fixture.given(registered())
                .when(new EraseUser(USER, null))
                .expectNoEvents().expectException(JSR303ViolationException.class);
    }
}
