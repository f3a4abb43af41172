package io.darktower.commands.apikey;

import static io.darktower.commands.CommandMatchers.rejectedFor;

import io.darktower.crypto.Keyring;
import io.darktower.events.apikey.ApiKeyIssued;
import io.darktower.events.apikey.ApiKeyPurged;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retention of an API key: kept until revoked or expired (the seed), then purged once. */
class ApiKeyPurgeTest {

    private static final Keyring KEYRING = Keyring.of(Map.of("test-1", new byte[32]), "test-1");
    private static final UUID KEY = UUID.fromString("0b1c2d3e-0000-4000-8000-00000000000a");
    private static final UUID OWNER = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    private static final Instant T0 = Instant.parse("2026-01-16T13:00:00Z");
    private static final Instant EXPIRES = T0.plusSeconds(3600);

    private FixtureConfiguration<ApiKey> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ApiKey.class);
        fixture.registerInjectableResource(KEYRING);
        fixture.registerCommandHandlerInterceptor(new BeanValidationInterceptor<>());
    }

    private static ApiKeyIssued issued(Instant expiresAt) {
        return new ApiKeyIssued(KEY, OWNER, "ci", KEYRING.seal("a".repeat(64), ApiKeySecrets.keyHash(KEY)),
                "dtk_abcdefgh", List.of(ApiKeyScope.MEETINGS_READ), expiresAt, T0);
    }

    @Test
    void anExpiredKeyIsPurged() {
        fixture.given(issued(EXPIRES))
                .when(new PurgeApiKey(KEY, EXPIRES))
                .expectEvents(new ApiKeyPurged(KEY, OWNER, ApiKeyPurged.Reason.EXPIRED, EXPIRES))
                .expectResultMessagePayload(true);
    }

    @Test
    void aRevokedKeyIsPurged() {
        fixture.given(issued(null), new ApiKeyRevoked(KEY, OWNER, T0.plusSeconds(5)))
                .when(new PurgeApiKey(KEY, T0.plusSeconds(10)))
                .expectEvents(new ApiKeyPurged(KEY, OWNER, ApiKeyPurged.Reason.REVOKED, T0.plusSeconds(10)));
    }

    @Test
    void aKeyThatStillAuthenticatesIsRefused() {
        fixture.given(issued(EXPIRES))
                .when(new PurgeApiKey(KEY, EXPIRES.minusMillis(1)))
                .expectException(rejectedFor(ApiKeyRejection.RETENTION_NOT_OVER))
                .expectNoEvents();
        fixture.given(issued(null))
                .when(new PurgeApiKey(KEY, T0.plusSeconds(86_400L * 3650)))
                .expectException(rejectedFor(ApiKeyRejection.RETENTION_NOT_OVER))
                .expectNoEvents();
    }

    @Test
    void aSecondPurgeAppendsNothing() {
        fixture.given(issued(EXPIRES), new ApiKeyPurged(KEY, OWNER, ApiKeyPurged.Reason.EXPIRED, EXPIRES))
                .when(new PurgeApiKey(KEY, EXPIRES.plusSeconds(1)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }
}
