package io.darktower.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.darktower.crypto.Sealed;
import io.darktower.events.apikey.ApiKeyIssued;
import io.darktower.events.apikey.ApiKeyPurged;
import io.darktower.events.apikey.ApiKeyRevoked;
import io.darktower.events.apikey.ApiKeyScope;
import io.darktower.events.meeting.ConnectionInfo;
import io.darktower.events.meeting.EndReason;
import io.darktower.events.meeting.LeaveReason;
import io.darktower.events.meeting.MeetingCreated;
import io.darktower.events.meeting.MeetingEnded;
import io.darktower.events.meeting.MeetingPurged;
import io.darktower.events.meeting.MeetingSettings;
import io.darktower.events.meeting.MeetingStarted;
import io.darktower.events.meeting.ParticipantJoined;
import io.darktower.events.meeting.ParticipantLeft;
import io.darktower.events.user.LoginFailure;
import io.darktower.events.user.OAuthProviderLinked;
import io.darktower.events.user.OAuthProviderUnlinked;
import io.darktower.events.user.UserDeactivated;
import io.darktower.events.user.UserErased;
import io.darktower.events.user.UserLoggedIn;
import io.darktower.events.user.UserLoginFailed;
import io.darktower.events.user.UserPasswordChanged;
import io.darktower.events.user.UserProfileChanged;
import io.darktower.events.user.UserRegistered;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every event version's JSON, frozen in {@code src/test/resources/golden}: stored events and Kafka records of
 * that version must stay readable, and today's code must still write exactly that shape. A deliberate change
 * of shape is a new version with an upcaster, plus a new golden file; never an edit of an old one.
 */
class GoldenSamplesTest {

    private static final UUID MEETING = UUID.fromString("550e8400-e29b-41d4-a716-446655440000");
    private static final UUID PARTICIPANT = UUID.fromString("f47ac10b-58cc-4372-a567-0e02b2c3d479");
    private static final UUID USER = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    private static final Instant AT = Instant.parse("2024-01-16T13:20:00Z");
    private static final UUID API_KEY = UUID.fromString("0b1c2d3e-0000-4000-8000-00000000000a");
    /** A sealed value's layout (format 1, key "k1", IV, ciphertext and tag), frozen like the events around it. */
    private static final Sealed SEALED = Sealed.fromBase64("AQJrMQABAgMEBQYHCAkKC2RlZmdoaWprbG1ub3BxcnN0dXZ3");

    static List<Object> samples() {
        return List.of(
                new MeetingCreated(MEETING, "abc-defg-hij", "Team Standup", 100,
                        new MeetingSettings(true, false, true, false), AT, USER, AT),
                new MeetingStarted(MEETING, AT),
                new ParticipantJoined(MEETING, PARTICIPANT, USER, "Alice", AT,
                        new ConnectionInfo("203.0.113.7", "Mozilla/5.0", "web-1.2.0")),
                new ParticipantLeft(MEETING, PARTICIPANT, LeaveReason.CONNECTION_LOST, AT),
                new MeetingEnded(MEETING, EndReason.LAST_PARTICIPANT_LEFT, AT),
                new UserRegistered(USER, "alice@example.com", "Alice", SEALED, AT),
                new UserProfileChanged(USER, "Alice B.", Map.of("timezone", "Europe/Paris"), AT),
                new UserPasswordChanged(USER, SEALED, AT),
                new UserLoggedIn(USER, AT),
                new UserLoginFailed(USER, LoginFailure.WRONG_PASSWORD, AT),
                new UserDeactivated(USER, AT),
                new OAuthProviderLinked(USER, "github", "12345", SEALED, SEALED, AT, AT),
                new OAuthProviderUnlinked(USER, "github", "12345", AT),
                new ApiKeyIssued(API_KEY, USER, "ci", SEALED, "dtk_abcdefgh",
                        List.of(ApiKeyScope.MEETINGS_READ, ApiKeyScope.MEETINGS_CREATE), AT, AT),
                new ApiKeyRevoked(API_KEY, USER, AT),
                new MeetingPurged(MEETING, AT, AT),
                new UserErased(USER, AT),
                new ApiKeyPurged(API_KEY, USER, ApiKeyPurged.Reason.EXPIRED, AT));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void writesAndReadsTheFrozenShape(Object event) throws Exception {
        EventType type = EventCatalog.typeOf(event.getClass());
        String file = "/golden/" + type.name() + ".v" + type.version() + ".json";
        JsonNode golden;
        try (InputStream in = getClass().getResourceAsStream(file)) {
            assertThat(in).as("golden sample " + file).isNotNull();
            golden = EventJson.mapper().readTree(in);
        }
        JsonNode written = EventJson.mapper().valueToTree(event);
        assertThat(written).isEqualTo(golden);
        assertThat(EventJson.mapper().treeToValue(golden, event.getClass())).isEqualTo(event);
    }
}
