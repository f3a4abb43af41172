package io.darktower.projections.history;

import io.darktower.events.EventMetadata;

/**
 * Who caused a step, from the event's own metadata (what the gateway, a media node or the platform recorded with
 * the command): never looked up elsewhere, so it is who it was then.
 *
 * @param type     {@code user}, {@code api} (an API key or a service client) or {@code system}; null if none was recorded
 * @param apiKeyId the API key the call was made with; null for any other caller and for events stored before it was recorded
 */
public record Actor(String userId, String type, String clientIp, String userAgent, String correlationId, String apiKeyId) {

    static Actor of(EventMetadata metadata) {
        return new Actor(metadata.actorUserId(), metadata.actorType(), metadata.clientIp(), metadata.userAgent(),
                metadata.correlationId(), metadata.actorApiKeyId());
    }
}
