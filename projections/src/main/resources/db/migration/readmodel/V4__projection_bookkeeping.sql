-- Not part of the seed: the projections' own bookkeeping, beside the rows they guard.
-- A projection applies an aggregate's event only if its sequence is the next one, and records it here in the
-- same transaction as the rows it writes: a redelivered event changes nothing, a missing one is detected.
CREATE TABLE projection_sequences (
    projection VARCHAR(100) NOT NULL,
    aggregate_id VARCHAR(255) NOT NULL,
    last_sequence BIGINT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    PRIMARY KEY (projection, aggregate_id)
);
