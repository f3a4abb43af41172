-- Every set-based rule of the write side (unique meeting code now; email and API-key hash next) in one table:
-- within a scope, a value belongs to one owner. A claim is inserted in the same transaction as the event that
-- makes it, so a taken value fails the command and neither the event nor the claim is stored.
CREATE TABLE unique_claims (
    scope VARCHAR(50) NOT NULL,
    claimed_value VARCHAR(255) NOT NULL,
    owner_id VARCHAR(255) NOT NULL,
    claimed_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    PRIMARY KEY (scope, claimed_value)
);

INSERT INTO unique_claims (scope, claimed_value, owner_id, claimed_at)
SELECT 'meeting_code', meeting_code, meeting_id::text, reserved_at FROM meeting_codes;

DROP TABLE meeting_codes;
