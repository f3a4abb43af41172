-- The relay writes here on every heartbeat, and captures this table along with the events: the read models
-- share the database, and a slot only moves on when a change it captures goes by. Without this row a quiet
-- event table would make PostgreSQL keep every other write's WAL for the relay's slot.
CREATE TABLE relay_heartbeat (
    slot_name VARCHAR(63) PRIMARY KEY,
    beat_at TIMESTAMPTZ NOT NULL
);
