package io.darktower.gateway.node;

import com.fasterxml.jackson.annotation.JsonAlias;
import io.darktower.commands.node.NodeFields;
import io.darktower.commands.node.RegisterMediaHandler;
import io.darktower.events.node.NodeHealth;
import io.darktower.gateway.api.ApiException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Request bodies of the node registries' API. Fields in camelCase, as the rest of the API; the seed's snake_case
 * names are accepted too, since nodes report in the seed's vocabulary. Bodies that become commands are checked by
 * the commands' declared constraints; telemetry (heartbeats, which are no command) and path ids are checked here,
 * with the same limits ({@link NodeFields}).
 */
final class NodeRequests {

    private static final Pattern ID = Pattern.compile(NodeFields.ID_PATTERN);

    private NodeRequests() {
    }

    record RegisterControllerBody(
            String region,
            String endpoint,
            @JsonAlias("max_meetings") Integer maxMeetings,
            @JsonAlias("max_participants") Integer maxParticipants,
            String version,
            Map<String, String> metadata) {

        Map<String, String> labels() {
            return metadata == null ? Map.of() : metadata;
        }
    }

    record RegisterMediaHandlerBody(
            String region,
            String endpoint,
            @JsonAlias("max_streams") Integer maxStreams,
            @JsonAlias("max_bitrate_mbps") Integer maxBitrateMbps,
            @JsonAlias("supports_transcoding") Boolean supportsTranscoding,
            @JsonAlias("supports_mixing") Boolean supportsMixing,
            @JsonAlias("supported_codecs") List<String> supportedCodecs,
            String version,
            Map<String, String> metadata) {

        /** The seed's defaults: both capabilities, and its four codecs. */
        boolean transcoding() {
            return supportsTranscoding == null || supportsTranscoding;
        }

        boolean mixing() {
            return supportsMixing == null || supportsMixing;
        }

        List<String> codecs() {
            return supportedCodecs == null ? RegisterMediaHandler.DEFAULT_CODECS : supportedCodecs;
        }

        Map<String, String> labels() {
            return metadata == null ? Map.of() : metadata;
        }
    }

    record ControllerCapacityBody(@JsonAlias("max_meetings") Integer maxMeetings,
                                  @JsonAlias("max_participants") Integer maxParticipants) {
    }

    record MediaHandlerCapacityBody(@JsonAlias("max_streams") Integer maxStreams,
                                    @JsonAlias("max_bitrate_mbps") Integer maxBitrateMbps) {
    }

    record HealthBody(String health, String reason) {
    }

    record ControllerHeartbeatBody(@JsonAlias("current_meetings") Integer currentMeetings,
                                   @JsonAlias("current_participants") Integer currentParticipants,
                                   String health) {
    }

    record MediaHandlerHeartbeatBody(@JsonAlias("current_streams") Integer currentStreams,
                                     @JsonAlias("current_bitrate_mbps") Integer currentBitrateMbps,
                                     String health) {
    }

    static int intOrZero(Integer value) {
        return value == null ? 0 : value;
    }

    /** A node id from a path, as the commands accept it: the seed's size, a safe charset. */
    static String nodeId(String value) {
        if (value.length() > NodeFields.MAX_ID || !ID.matcher(value).matches()) {
            throw ApiException.invalid("a node id is 1 to " + NodeFields.MAX_ID + " characters and "
                    + NodeFields.ID_MESSAGE);
        }
        return value;
    }

    /** A region from a query parameter, or null for every region. */
    static String region(String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > NodeFields.MAX_REGION || !ID.matcher(value).matches()) {
            throw ApiException.invalid("a region is 1 to " + NodeFields.MAX_REGION + " characters and " + NodeFields.ID_MESSAGE);
        }
        return value;
    }

    /** A count a heartbeat reports: present, from 0 to what the column holds. */
    static int count(Integer value, String field) {
        if (value == null || value < 0) {
            throw ApiException.invalid(field + " is required and must be 0 or more");
        }
        return value;
    }

    /** A health a request names, or null when it names none. */
    static NodeHealth health(String value, boolean required) {
        if (value == null) {
            if (required) {
                throw ApiException.invalid("health is required: healthy, degraded or unhealthy");
            }
            return null;
        }
        return NodeHealth.parse(value)
                .orElseThrow(() -> ApiException.invalid("health must be healthy, degraded or unhealthy"));
    }
}
