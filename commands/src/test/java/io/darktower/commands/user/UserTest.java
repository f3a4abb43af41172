package io.darktower.commands.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.darktower.commands.Rejected;
import io.darktower.crypto.Keyring;
import io.darktower.crypto.Sealed;
import io.darktower.events.user.LoginFailure;
import io.darktower.events.user.OAuthProviderLinked;
import io.darktower.events.user.OAuthProviderUnlinked;
import io.darktower.events.user.UserDeactivated;
import io.darktower.events.user.UserLoggedIn;
import io.darktower.events.user.UserLoginFailed;
import io.darktower.events.user.UserPasswordChanged;
import io.darktower.events.user.UserProfileChanged;
import io.darktower.events.user.UserRegistered;
import io.darktower.events.user.UserSecrets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.axonframework.messaging.interceptors.BeanValidationInterceptor;
import org.axonframework.messaging.interceptors.JSR303ViolationException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.FeatureMatcher;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The user account's rules, as given events / when command / expect events. */
class UserTest {

    static final Keyring KEYRING = Keyring.of(Map.of("test-1", new byte[32]), "test-1");
    static final Passwords PASSWORDS = new Passwords();
    private static final UUID USER = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    private static final Instant T0 = Instant.parse("2026-01-16T13:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);
    private static final String PASSWORD = "correct horse battery";
    /** Hashed once: Argon2 is slow on purpose. */
    private static final Sealed HASH = KEYRING.seal(PASSWORDS.hash(PASSWORD), UserSecrets.passwordHash(USER));

    private FixtureConfiguration<User> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(User.class);
        fixture.registerInjectableResource(KEYRING);
        fixture.registerInjectableResource(PASSWORDS);
        fixture.registerCommandHandlerInterceptor(new BeanValidationInterceptor<>());
    }

    private static UserRegistered registered() {
        return new UserRegistered(USER, "alice@example.com", "Alice", HASH, T0);
    }

    private static UserRegistered registeredWithoutPassword() {
        return new UserRegistered(USER, "alice@example.com", "Alice", null, T0);
    }

    @SuppressWarnings("unchecked")
    private static <T> Matcher<?> event(Class<T> type, Predicate<T> test) {
        return matches(payload -> type.isInstance(payload) && test.test((T) payload));
    }

    @SafeVarargs
    private static Matcher<List<? super org.axonframework.eventhandling.EventMessage<?>>> exactly(Matcher<?>... events) {
        Matcher<?>[] all = java.util.Arrays.copyOf(events, events.length + 1);
        all[events.length] = andNoMore();
        @SuppressWarnings({"unchecked", "rawtypes"})
        Matcher<List<? super org.axonframework.eventhandling.EventMessage<?>>> m =
                (Matcher) payloadsMatching(exactSequenceOf((Matcher[]) all));
        return m;
    }

    static Matcher<?> invalid(String property) {
        return new FeatureMatcher<JSR303ViolationException, List<String>>(hasItem(property), "invalid", "properties") {
            @Override
            protected List<String> featureValueOf(JSR303ViolationException actual) {
                return actual.getViolations().stream().map(v -> v.getPropertyPath().toString()).toList();
            }
        };
    }

    static Matcher<?> rejectedFor(Rejected.Reason reason) {
        return new FeatureMatcher<Rejected, Rejected.Reason>(is(reason), "a rejection for", "reason") {
            @Override
            protected Rejected.Reason featureValueOf(Rejected actual) {
                return actual.reason();
            }
        };
    }

    private static String opened(Sealed sealed, String context) {
        return KEYRING.open(sealed, context);
    }

    @Nested
    class Registering {
        @Test
        void opensTheAccountWithALowerCaseEmailAndASealedArgon2idHash() {
            fixture.givenNoPriorActivity()
                    .when(new RegisterUser(USER, "Alice@Example.COM", "Alice", PASSWORD, T0))
                    .expectSuccessfulHandlerExecution()
                    .expectEventsMatching(exactly(event(UserRegistered.class, e -> e.userId().equals(USER)
                            && e.email().equals("alice@example.com") && e.displayName().equals("Alice")
                            && e.registeredAt().equals(T0)
                            && opened(e.passwordHash(), UserSecrets.passwordHash(USER)).startsWith("$argon2id$")
                            && PASSWORDS.matches(PASSWORD, opened(e.passwordHash(), UserSecrets.passwordHash(USER))))));
        }

        @Test
        void anOAuthOnlyAccountHasNoPassword() {
            fixture.givenNoPriorActivity()
                    .when(new RegisterUser(USER, "alice@example.com", "Alice", null, T0))
                    .expectEvents(registeredWithoutPassword());
        }

        @Test
        void aRetryWithTheSameDetailsAnswersTheSameAndRegistersNothing() {
            fixture.given(registered())
                    .when(new RegisterUser(USER, "ALICE@example.com", "Alice", PASSWORD, T1))
                    .expectNoEvents()
                    .expectResultMessagePayload(registered());
        }

        @Test
        void aRetryWithOtherDetailsIsRefused() {
            fixture.given(registered())
                    .when(new RegisterUser(USER, "alice@example.com", "Alice", "another password", T1))
                    .expectNoEvents()
                    .expectException(rejectedFor(UserRejection.IDEMPOTENCY_KEY_REUSED));
        }

        @Test
        void fieldsAreCheckedBeforeTheAggregate() {
            fixture.givenNoPriorActivity().when(new RegisterUser(USER, "not an email", "Alice", PASSWORD, T0))
                    .expectNoEvents().expectException(invalid("email"));
            fixture.givenNoPriorActivity().when(new RegisterUser(USER, "a@example.com", "Al\u0000ice", PASSWORD, T0))
                    .expectNoEvents().expectException(invalid("displayName"));
            fixture.givenNoPriorActivity().when(new RegisterUser(USER, "a@example.com", "Alice", "short", T0))
                    .expectNoEvents().expectException(invalid("password"));
            fixture.givenNoPriorActivity().when(new RegisterUser(USER, "a@example.com", "x".repeat(256), PASSWORD, T0))
                    .expectNoEvents().expectException(invalid("displayName"));
        }

        @Test
        void theCommandsTextFormHidesThePassword() {
            assertThat(new RegisterUser(USER, "a@example.com", "Alice", PASSWORD, T0).toString()).doesNotContain(PASSWORD);
            assertThat(new LogIn(USER, PASSWORD, T0).toString()).doesNotContain(PASSWORD);
            assertThat(new ChangePassword(USER, PASSWORD, "new " + PASSWORD, T0).toString()).doesNotContain(PASSWORD);
            assertThat(new LinkOAuthProvider(USER, "github", "42", "gho_secret", "ghr_secret", null, T0).toString())
                    .doesNotContain("gho_secret").doesNotContain("ghr_secret");
        }
    }

    @Nested
    class SigningIn {
        @Test
        void theRightPasswordRecordsTheLogin() {
            fixture.given(registered())
                    .when(new LogIn(USER, PASSWORD, T1))
                    .expectEvents(new UserLoggedIn(USER, T1))
                    .expectResultMessagePayload(new LoginOutcome(USER, null));
        }

        @Test
        void aWrongPasswordIsRecordedAsAFailureNotThrown() {
            fixture.given(registered())
                    .when(new LogIn(USER, "wrong password", T1))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new UserLoginFailed(USER, LoginFailure.WRONG_PASSWORD, T1))
                    .expectResultMessagePayload(new LoginOutcome(USER, LoginFailure.WRONG_PASSWORD));
        }

        @Test
        void fiveWrongPasswordsInAWindowLockSignInForAWhileEvenWithTheRightOne() {
            UserLoginFailed[] failures = new UserLoginFailed[User.MAX_FAILURES];
            for (int i = 0; i < failures.length; i++) {
                failures[i] = new UserLoginFailed(USER, LoginFailure.WRONG_PASSWORD, T0.plusSeconds(i));
            }
            Instant last = failures[failures.length - 1].failedAt();
            fixture.given(registered()).andGiven((Object[]) failures)
                    .when(new LogIn(USER, PASSWORD, last.plus(User.LOCKOUT).minusSeconds(1)))
                    .expectException(rejectedFor(UserRejection.ACCOUNT_LOCKED))
                    .expectNoEvents();
            fixture.given(registered()).andGiven((Object[]) failures)
                    .when(new LogIn(USER, PASSWORD, last.plus(User.LOCKOUT)))
                    .expectEvents(new UserLoggedIn(USER, last.plus(User.LOCKOUT)));
        }

        @Test
        void failuresSpreadBeyondTheWindowOrBrokenByASignInDoNotLock() {
            fixture.given(registered(), new UserLoginFailed(USER, LoginFailure.WRONG_PASSWORD, T0))
                    .andGiven(java.util.stream.IntStream.range(1, User.MAX_FAILURES).mapToObj(i -> new UserLoginFailed(USER,
                            LoginFailure.WRONG_PASSWORD, T0.plus(User.FAILURE_WINDOW).plusSeconds(i))).toArray())
                    .when(new LogIn(USER, PASSWORD, T0.plus(User.FAILURE_WINDOW).plusSeconds(10)))
                    .expectEvents(new UserLoggedIn(USER, T0.plus(User.FAILURE_WINDOW).plusSeconds(10)));
            fixture.given(registered(), new UserLoginFailed(USER, LoginFailure.WRONG_PASSWORD, T0),
                            new UserLoginFailed(USER, LoginFailure.WRONG_PASSWORD, T0), new UserLoggedIn(USER, T0),
                            new UserLoginFailed(USER, LoginFailure.WRONG_PASSWORD, T0),
                            new UserLoginFailed(USER, LoginFailure.WRONG_PASSWORD, T0),
                            new UserLoginFailed(USER, LoginFailure.WRONG_PASSWORD, T0))
                    .when(new LogIn(USER, PASSWORD, T1))
                    .expectEvents(new UserLoggedIn(USER, T1));
        }

        @Test
        void anAccountWithoutPasswordCannotSignInWithOne() {
            fixture.given(registeredWithoutPassword())
                    .when(new LogIn(USER, PASSWORD, T1))
                    .expectEvents(new UserLoginFailed(USER, LoginFailure.NO_PASSWORD, T1));
        }

        @Test
        void aDeactivatedAccountIsRefusedEvenWithTheRightPassword() {
            fixture.given(registered(), new UserDeactivated(USER, T0))
                    .when(new LogIn(USER, PASSWORD, T1))
                    .expectEvents(new UserLoginFailed(USER, LoginFailure.DEACTIVATED, T1))
                    .expectResultMessagePayload(new LoginOutcome(USER, LoginFailure.DEACTIVATED));
        }

        @Test
        void aDeactivatedAccountWithAWrongPasswordSaysOnlyThatThePasswordIsWrong() {
            fixture.given(registered(), new UserDeactivated(USER, T0))
                    .when(new LogIn(USER, "wrong password", T1))
                    .expectEvents(new UserLoginFailed(USER, LoginFailure.WRONG_PASSWORD, T1));
        }

        @Test
        void theNewPasswordCountsAfterAChange() {
            Sealed newHash = KEYRING.seal(PASSWORDS.hash("brand new password"), UserSecrets.passwordHash(USER));
            fixture.given(registered(), new UserPasswordChanged(USER, newHash, T0))
                    .when(new LogIn(USER, PASSWORD, T1))
                    .expectEvents(new UserLoginFailed(USER, LoginFailure.WRONG_PASSWORD, T1));
        }

        @Test
        void aHashCopiedFromAnotherUsersEventDoesNotOpen() {
            UUID other = UUID.randomUUID();
            Sealed othersHash = KEYRING.seal(PASSWORDS.hash(PASSWORD), UserSecrets.passwordHash(other));
            fixture.given(new UserRegistered(USER, "alice@example.com", "Alice", othersHash, T0))
                    .when(new LogIn(USER, PASSWORD, T1))
                    .expectException(Keyring.Unreadable.class);
        }
    }

    @Nested
    class ChangingThePassword {
        @Test
        void needsTheCurrentPassword() {
            fixture.given(registered())
                    .when(new ChangePassword(USER, "wrong password", "brand new password", T1))
                    .expectNoEvents()
                    .expectException(rejectedFor(UserRejection.WRONG_PASSWORD));
        }

        @Test
        void storesTheNewHashSealed() {
            fixture.given(registered())
                    .when(new ChangePassword(USER, PASSWORD, "brand new password", T1))
                    .expectEventsMatching(exactly(event(UserPasswordChanged.class, e -> e.changedAt().equals(T1)
                            && PASSWORDS.matches("brand new password", opened(e.passwordHash(), UserSecrets.passwordHash(USER))))));
        }

        @Test
        void theSamePasswordAgainChangesNothing() {
            fixture.given(registered())
                    .when(new ChangePassword(USER, PASSWORD, PASSWORD, T1))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void anOAuthOnlyAccountSetsItsFirstPasswordWithoutAnOldOne() {
            fixture.given(registeredWithoutPassword())
                    .when(new ChangePassword(USER, null, "brand new password", T1))
                    .expectEventsMatching(exactly(event(UserPasswordChanged.class, e -> true)));
            fixture.given(registered())
                    .when(new ChangePassword(USER, null, "brand new password", T1))
                    .expectException(rejectedFor(UserRejection.WRONG_PASSWORD));
        }
    }

    @Nested
    class Profile {
        @Test
        void changesNameAndMetadata() {
            fixture.given(registered())
                    .when(new ChangeUserProfile(USER, "Alice B.", Map.of("timezone", "Europe/Paris"), T1))
                    .expectEvents(new UserProfileChanged(USER, "Alice B.", Map.of("timezone", "Europe/Paris"), T1));
        }

        @Test
        void keepsWhatIsNotGivenAndTheSameAgainChangesNothing() {
            fixture.given(registered(), new UserProfileChanged(USER, "Alice B.", Map.of("a", 1), T0))
                    .when(new ChangeUserProfile(USER, null, Map.of("a", 1), T1))
                    .expectNoEvents();
            fixture.given(registered(), new UserProfileChanged(USER, "Alice B.", Map.of("a", 1), T0))
                    .when(new ChangeUserProfile(USER, "Alice C.", null, T1))
                    .expectEvents(new UserProfileChanged(USER, "Alice C.", Map.of("a", 1), T1));
        }

        @Test
        void aBlankNameIsRefused() {
            fixture.given(registered())
                    .when(new ChangeUserProfile(USER, "  ", null, T1))
                    .expectNoEvents().expectException(invalid("displayName"));
        }

        @Test
        void metadataWithControlCharactersOrTooLargeIsRefused() {
            fixture.given(registered())
                    .when(new ChangeUserProfile(USER, null, Map.of("bio", "nul\u0000"), T1))
                    .expectNoEvents().expectException(invalid("metadata"));
            fixture.given(registered())
                    .when(new ChangeUserProfile(USER, null, Map.of("k\u0007", "v"), T1))
                    .expectNoEvents().expectException(invalid("metadata"));
            fixture.given(registered())
                    .when(new ChangeUserProfile(USER, null, Map.of("bio", "x".repeat(User.MAX_METADATA)), T1))
                    .expectNoEvents().expectException(invalid("metadata"));
        }

        @Test
        void aDeactivatedAccountCannotChange() {
            fixture.given(registered(), new UserDeactivated(USER, T0))
                    .when(new ChangeUserProfile(USER, "Mallory", null, T1))
                    .expectNoEvents()
                    .expectException(rejectedFor(UserRejection.USER_DEACTIVATED));
        }
    }

    @Nested
    class Deactivating {
        @Test
        void onceOnly() {
            fixture.given(registered()).when(new DeactivateUser(USER, T1)).expectEvents(new UserDeactivated(USER, T1));
            fixture.given(registered(), new UserDeactivated(USER, T0)).when(new DeactivateUser(USER, T1)).expectNoEvents();
        }
    }

    @Nested
    class OAuth {
        private OAuthProviderLinked linked(String providerUserId, String access, String refresh) {
            return new OAuthProviderLinked(USER, "github", providerUserId,
                    KEYRING.sealNullable(access, UserSecrets.oauthAccessToken(USER, "github")),
                    KEYRING.sealNullable(refresh, UserSecrets.oauthRefreshToken(USER, "github")), T0, T0);
        }

        @Test
        void linkingSealsTheTokens() {
            fixture.given(registered())
                    .when(new LinkOAuthProvider(USER, "github", "42", "gho_access", "ghr_refresh", T1, T1))
                    .expectEventsMatching(exactly(event(OAuthProviderLinked.class, e -> e.provider().equals("github")
                            && e.providerUserId().equals("42") && e.tokenExpiresAt().equals(T1)
                            && opened(e.accessToken(), UserSecrets.oauthAccessToken(USER, "github")).equals("gho_access")
                            && opened(e.refreshToken(), UserSecrets.oauthRefreshToken(USER, "github")).equals("ghr_refresh"))));
        }

        @Test
        void theSameLinkAgainChangesNothingNewTokensAreRecorded() {
            fixture.given(registered(), linked("42", "gho_access", "ghr_refresh"))
                    .when(new LinkOAuthProvider(USER, "github", "42", "gho_access", "ghr_refresh", T0, T1))
                    .expectNoEvents();
            fixture.given(registered(), linked("42", "gho_access", "ghr_refresh"))
                    .when(new LinkOAuthProvider(USER, "github", "42", "gho_fresh", "ghr_refresh", T1, T1))
                    .expectEventsMatching(exactly(event(OAuthProviderLinked.class,
                            e -> opened(e.accessToken(), UserSecrets.oauthAccessToken(USER, "github")).equals("gho_fresh"))));
        }

        @Test
        void anotherAccountOfTheSameProviderReplacesTheLink() {
            fixture.given(registered(), linked("42", "a", "r"))
                    .when(new LinkOAuthProvider(USER, "github", "43", "b", null, null, T1))
                    .expectEventsMatching(exactly(
                            event(OAuthProviderUnlinked.class, e -> e.equals(new OAuthProviderUnlinked(USER, "github", "42", T1))),
                            event(OAuthProviderLinked.class, e -> e.providerUserId().equals("43") && e.refreshToken() == null)));
        }

        @Test
        void unlinkingTwiceUnlinksOnce() {
            fixture.given(registered(), linked("42", "a", "r"))
                    .when(new UnlinkOAuthProvider(USER, "github", T1))
                    .expectEvents(new OAuthProviderUnlinked(USER, "github", "42", T1));
            fixture.given(registered(), linked("42", "a", "r"), new OAuthProviderUnlinked(USER, "github", "42", T0))
                    .when(new UnlinkOAuthProvider(USER, "github", T1))
                    .expectNoEvents();
        }

        @Test
        void providerNamesAreLowerCaseWords() {
            fixture.given(registered())
                    .when(new LinkOAuthProvider(USER, "Git Hub", "42", null, null, null, T1))
                    .expectNoEvents().expectException(invalid("provider"));
            fixture.given(registered())
                    .when(new LinkOAuthProvider(USER, "github", "4\n2", null, null, null, T1))
                    .expectNoEvents().expectException(invalid("providerUserId"));
        }
    }
}
