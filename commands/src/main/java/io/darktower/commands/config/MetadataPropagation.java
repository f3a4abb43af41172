package io.darktower.commands.config;

import io.darktower.events.EventMetadata;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;

/**
 * Copies who-and-where metadata from a command to every event it causes, and names the command as the
 * events' cause. Replaces Axon's default origin provider, whose key names differ from the envelope's.
 */
public final class MetadataPropagation implements CorrelationDataProvider {

    @Override
    public Map<String, ?> correlationDataFor(Message<?> message) {
        Map<String, Object> data = new HashMap<>(EventMetadata.fromMap(message.getMetaData()).toMap());
        data.put(EventMetadata.KEY_CAUSATION_ID, message.getIdentifier());
        data.putIfAbsent(EventMetadata.KEY_CORRELATION_ID, message.getIdentifier());
        return data;
    }
}
