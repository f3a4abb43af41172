package io.darktower.commands.apikey;

import static io.darktower.commands.CommandMatchers.invalid;
import static io.darktower.commands.CommandMatchers.rejectedFor;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;

import io.darktower.crypto.Keyring;
import io.darktower.events.apikey.ApiKeyIssued;
import io.darktower.events.apikey.ApiKeyRevoked;
import io.darktower.events.apikey.ApiKeyScope;
import io.darktower.events.apikey.ApiKeySecrets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.messaging.interceptors.BeanValidationInterceptor;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API key's rules, as given events / when command / expect events. */
class ApiKeyTest {

    private static final Keyring KEYRING = Keyring.of(Map.of("test-1", new byte[32]), "test-1");
    private static final UUID KEY = UUID.fromString("0b1c2d3e-0000-4000-8000-00000000000a");
    private static final UUID OWNER = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    private static final UUID OTHER = UUID.fromString("0b1c2d3e-0000-4000-8000-000000000002");
    private static final String HASH = "a".repeat(64);
    private static final Instant T0 = Instant.parse("2026-01-16T13:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);
    private static final List<ApiKeyScope> SCOPES = List.of(ApiKeyScope.MEETINGS_READ, ApiKeyScope.MEETINGS_CREATE);

    private FixtureConfiguration<ApiKey> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ApiKey.class);
        fixture.registerInjectableResource(KEYRING);
        fixture.registerCommandHandlerInterceptor(new BeanValidationInterceptor<>());
    }

    private static ApiKeyIssued issued(Instant expiresAt) {
        return new ApiKeyIssued(KEY, OWNER, "ci", KEYRING.seal(HASH, ApiKeySecrets.keyHash(KEY)), "dtk_abcdefgh",
                SCOPES, expiresAt, T0);
    }

    private static IssueApiKey issue(Instant expiresAt, Instant at) {
        return new IssueApiKey(KEY, OWNER, "ci", SCOPES, HASH, "dtk_abcdefgh", expiresAt, at);
    }



    @SuppressWarnings({"unchecked", "rawtypes"})
    @Test
    void issuingSealsTheHashAndSortsTheScopes() {
        Matcher<?> issuedMatcher = matches(p -> p instanceof ApiKeyIssued e && e.keyId().equals(KEY)
                && e.userId().equals(OWNER) && e.keyPrefix().equals("dtk_abcdefgh")
                && e.scopes().equals(List.of(ApiKeyScope.MEETINGS_CREATE, ApiKeyScope.MEETINGS_READ))
                && e.expiresAt().equals(T1) && e.issuedAt().equals(T0)
                && KEYRING.open(e.keyHash(), ApiKeySecrets.keyHash(KEY)).equals(HASH)
                && !e.keyHash().base64().contains(HASH));
        fixture.givenNoPriorActivity()
                .when(issue(T1, T0))
                .expectEventsMatching((Matcher) payloadsMatching(exactSequenceOf(issuedMatcher, andNoMore())))
                .expectResultMessagePayloadMatching(matches(r -> r instanceof IssuedApiKey k && k.issuedNow()));
    }

    @Test
    void aRetryAnswersWithTheFirstKeyAndIssuesNothing() {
        ApiKeyIssued first = issued(null);
        fixture.given(first)
                .when(new IssueApiKey(KEY, OWNER, "ci", SCOPES, "b".repeat(64), "dtk_other000", null, T1))
                .expectNoEvents()
                .expectResultMessagePayload(new IssuedApiKey(first, false));
    }

    @Test
    void aRetryWithOtherDetailsIsRefused() {
        fixture.given(issued(null))
                .when(new IssueApiKey(KEY, OWNER, "another name", SCOPES, HASH, "dtk_abcdefgh", null, T1))
                .expectNoEvents()
                .expectException(rejectedFor(ApiKeyRejection.IDEMPOTENCY_KEY_REUSED));
    }

    @Test
    void anExpiryMustBeInTheFuture() {
        fixture.givenNoPriorActivity()
                .when(issue(T0.minusSeconds(1), T0))
                .expectNoEvents()
                .expectException(rejectedFor(ApiKeyRejection.EXPIRY_NOT_IN_FUTURE));
        fixture.givenNoPriorActivity()
                .when(issue(T0, T0))
                .expectException(rejectedFor(ApiKeyRejection.EXPIRY_NOT_IN_FUTURE));
    }

    @Test
    void fieldsAreCheckedBeforeTheAggregate() {
        fixture.givenNoPriorActivity()
                .when(new IssueApiKey(KEY, OWNER, "ci", List.of(), HASH, "dtk_abcdefgh", null, T0))
                .expectNoEvents().expectException(invalid("scopes"));
        fixture.givenNoPriorActivity()
                .when(new IssueApiKey(KEY, OWNER, "c\u0000i", SCOPES, HASH, "dtk_abcdefgh", null, T0))
                .expectNoEvents().expectException(invalid("name"));
        fixture.givenNoPriorActivity()
                .when(new IssueApiKey(KEY, OWNER, "ci", SCOPES, "not a hash", "dtk_abcdefgh", null, T0))
                .expectNoEvents().expectException(invalid("keyHash"));
        fixture.givenNoPriorActivity()
                .when(new IssueApiKey(KEY, OWNER, "ci", SCOPES, HASH, "dtk_abcdefgh", Instant.parse("+10000-01-01T00:00:00Z"), T0))
                .expectNoEvents().expectException(invalid("expiresAt"));
    }

    @Test
    void revokingTwiceRevokesOnce() {
        fixture.given(issued(null))
                .when(new RevokeApiKey(KEY, OWNER, T1))
                .expectEvents(new ApiKeyRevoked(KEY, OWNER, T1));
        fixture.given(issued(null), new ApiKeyRevoked(KEY, OWNER, T0))
                .when(new RevokeApiKey(KEY, OWNER, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void onlyTheOwnerRevokesAndOthersDoNotLearnTheKeyExists() {
        fixture.given(issued(null))
                .when(new RevokeApiKey(KEY, OTHER, T1))
                .expectNoEvents()
                .expectException(rejectedFor(ApiKeyRejection.API_KEY_NOT_FOUND));
    }

    @Test
    void anExpiredKeyCanStillBeRevoked() {
        fixture.given(issued(T0.plusSeconds(1)))
                .when(new RevokeApiKey(KEY, OWNER, T1))
                .expectEvents(new ApiKeyRevoked(KEY, OWNER, T1));
    }
}
