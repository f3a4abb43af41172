package io.darktower.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.darktower.events.meeting.ConnectionInfo;
import io.darktower.events.meeting.EndReason;
import io.darktower.events.meeting.LeaveReason;
import io.darktower.events.meeting.MeetingCreated;
import io.darktower.events.meeting.MeetingEnded;
import io.darktower.events.meeting.MeetingSettings;
import io.darktower.events.meeting.MeetingStarted;
import io.darktower.events.meeting.ParticipantJoined;
import io.darktower.events.meeting.ParticipantLeft;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
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

    static List<Object> samples() {
        return List.of(
                new MeetingCreated(MEETING, "abc-defg-hij", "Team Standup", 100,
                        new MeetingSettings(true, false, true, false), AT, USER, AT),
                new MeetingStarted(MEETING, AT),
                new ParticipantJoined(MEETING, PARTICIPANT, USER, "Alice", AT,
                        new ConnectionInfo("203.0.113.7", "Mozilla/5.0", "web-1.2.0")),
                new ParticipantLeft(MEETING, PARTICIPANT, LeaveReason.CONNECTION_LOST, AT),
                new MeetingEnded(MEETING, EndReason.LAST_PARTICIPANT_LEFT, AT));
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
