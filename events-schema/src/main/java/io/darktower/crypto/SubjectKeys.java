package io.darktower.crypto;

/**
 * The keys of data subjects, kept outside the event log ({@code event_store.subject_keys}): one AES-256 key per
 * subject, created on first use and deleted when the subject is erased. What {@link PersonalData} seals and opens with.
 */
public interface SubjectKeys {

    /** The subject's key, created on first use; null once the subject is erased (nothing can be sealed for it). */
    Keyring forSealing(String subject);

    /** The subject's key, or null when it is gone (erased): its sealed values are unreadable for good. */
    Keyring forOpening(String subject);

    /** Forgets what is cached for the subject (its erasure was committed here or elsewhere). */
    void forget(String subject);
}
