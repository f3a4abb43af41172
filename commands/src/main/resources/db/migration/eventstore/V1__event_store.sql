-- The write side's own tables, in schema event_store, apart from the read models in public.
-- Axon's JDBC engine (Axon does not create tables): payload and meta_data hold the events' JSON as text,
-- readable with psql and decodable with ::jsonb.
CREATE TABLE domain_event_entry (
    global_index BIGSERIAL NOT NULL,
    event_identifier VARCHAR(255) NOT NULL,
    meta_data TEXT,
    payload TEXT NOT NULL,
    payload_revision VARCHAR(255),
    payload_type VARCHAR(255) NOT NULL,
    time_stamp VARCHAR(255) NOT NULL,
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number BIGINT NOT NULL,
    type VARCHAR(255),
    PRIMARY KEY (global_index),
    -- serialises concurrent commands on one aggregate: the loser's append fails and is retried
    UNIQUE (aggregate_identifier, sequence_number),
    UNIQUE (event_identifier)
);

CREATE TABLE snapshot_event_entry (
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number BIGINT NOT NULL,
    type VARCHAR(255) NOT NULL,
    event_identifier VARCHAR(255) NOT NULL,
    meta_data TEXT,
    payload TEXT NOT NULL,
    payload_revision VARCHAR(255),
    payload_type VARCHAR(255) NOT NULL,
    time_stamp VARCHAR(255) NOT NULL,
    PRIMARY KEY (aggregate_identifier, sequence_number, type),
    UNIQUE (event_identifier)
);

CREATE TABLE token_entry (
    processor_name VARCHAR(255) NOT NULL,
    segment INTEGER NOT NULL,
    token BYTEA,
    token_type VARCHAR(255),
    timestamp VARCHAR(255),
    owner VARCHAR(255),
    PRIMARY KEY (processor_name, segment)
);

-- Set-based rule: a meeting code belongs to one meeting. Written in the same transaction as the
-- MeetingCreated append, so a taken code fails the command and nothing is stored.
CREATE TABLE meeting_codes (
    meeting_code VARCHAR(20) PRIMARY KEY,
    meeting_id UUID NOT NULL UNIQUE,
    reserved_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

-- Where the relay (change data capture of domain_event_entry) has got to; survives restarts of the relay.
CREATE TABLE relay_offsets (
    offset_key BYTEA PRIMARY KEY,
    offset_value BYTEA,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
