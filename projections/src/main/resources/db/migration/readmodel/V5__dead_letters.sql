-- Not part of the seed: where a projection parks what it cannot apply, so one event never stops a read model.
-- An aggregate is parked for one projection when an event of it fails a few times or cannot be decoded; that
-- record and every later record of the aggregate wait here, in arrival order, while every other aggregate flows.
-- An operator sets action to 'retry' or 'skip' (admin endpoint); the projection that owns the aggregate acts on it.
CREATE TABLE parked_aggregates (
    projection VARCHAR(100) NOT NULL,
    aggregate_id VARCHAR(255) NOT NULL,
    error TEXT NOT NULL,
    parked_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    attempts INTEGER NOT NULL DEFAULT 0,
    action VARCHAR(10) CHECK (action IN ('retry', 'skip')),
    action_requested_at TIMESTAMPTZ,
    PRIMARY KEY (projection, aggregate_id)
);

CREATE TABLE dead_letters (
    id BIGSERIAL PRIMARY KEY,
    projection VARCHAR(100) NOT NULL,
    aggregate_id VARCHAR(255) NOT NULL,
    aggregate_sequence BIGINT,
    event_type VARCHAR(255),
    kafka_topic VARCHAR(255) NOT NULL,
    kafka_partition INTEGER NOT NULL,
    kafka_offset BIGINT NOT NULL,
    record BYTEA,
    error TEXT,
    received_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    UNIQUE (projection, kafka_topic, kafka_partition, kafka_offset)
);

CREATE INDEX idx_dead_letters_aggregate ON dead_letters (projection, aggregate_id, id);
