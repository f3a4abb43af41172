-- Erasure with an immutable log (docs/history.md, "Erasure"): the personal fields of events are sealed with their
-- data subject's own AES-256 key, kept here, outside the log. Erasing a subject sets its key to NULL (crypto-shredding)
-- and keeps the row as a tombstone, so no new key is made for it and its sealed values stay unreadable for good.
CREATE TABLE subject_keys (
    subject VARCHAR(100) PRIMARY KEY,      -- a user id; a guest's participant id
    subject_key BYTEA,                     -- 32 random bytes; NULL once erased
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    erased_at TIMESTAMPTZ,
    CONSTRAINT subject_keys_erased_has_no_key CHECK ((subject_key IS NULL) = (erased_at IS NOT NULL))
);
