package io.darktower.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A record component of an event that holds personal data (an email, a name, an address, a provider's account id).
 * Events are kept forever, so such a value is stored sealed with its data subject's own key
 * ({@link io.darktower.crypto.PersonalData}); erasing the subject deletes the key, and the value then reads as
 * {@link #erased()} everywhere (crypto-shredding). Declared here once: the event store's serializer seals, the shared
 * decoding ({@link EventJson}, {@link StoredEvent}) opens.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Personal {

    /**
     * The components naming the data subject, the first non-null one wins: {@code userId} for an account, and for a
     * guest (no user id) its {@code participantId}. The value is stored in clear when none is set.
     */
    String[] subject();

    /**
     * What a string value reads as once its subject is erased; {@code {subject}} stands for the subject's id, so a
     * value that must stay unique (an email) stays unique. A value that is not a string reads as null.
     */
    String erased() default ERASED;

    /** The placeholder of an erased personal string. */
    String ERASED = "[erased]";
}
