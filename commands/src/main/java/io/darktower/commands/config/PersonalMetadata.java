package io.darktower.commands.config;

import io.darktower.crypto.PersonalData;
import io.darktower.events.EventMetadata;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;

/**
 * Seals the requester's address and user agent in every event's metadata when the event is published, where both the
 * metadata and the event are at hand: the subject is the acting user, else the one the event is about (a sign-in has
 * no acting user yet; a guest's join has only its participant). Stored, relayed and kept sealed from then on.
 */
public final class PersonalMetadata {

    PersonalMetadata(EventBus eventBus) {
        eventBus.registerDispatchInterceptor(messages -> (index, message) -> sealed(message));
    }

    private static EventMessage<?> sealed(EventMessage<?> message) {
        MetaData metaData = message.getMetaData();
        if (!metaData.containsKey(EventMetadata.KEY_CLIENT_IP) && !metaData.containsKey(EventMetadata.KEY_USER_AGENT)) {
            return message;
        }
        return message.withMetaData(PersonalData.sealMetadata(metaData, message.getPayload()));
    }
}
