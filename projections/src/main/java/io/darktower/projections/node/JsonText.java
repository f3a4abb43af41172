package io.darktower.projections.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.darktower.events.EventJson;
import java.util.Map;

/** A node's metadata as the text of a {@code JSONB} column. */
final class JsonText {

    private JsonText() {
    }

    static String of(Map<String, String> metadata) {
        try {
            return EventJson.mapper().writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("metadata is not JSON", e);
        }
    }
}
