-- Several relays (one replication slot each) may share the event store: each relay's offsets rows carry its
-- name, and a relay reads and writes only its own. Debezium's offset key already starts with the relay's name
-- (JSON: ["<slot name>",{"server":"darktower-relay"}]); existing rows take their name from it.
ALTER TABLE relay_offsets ADD COLUMN relay_name VARCHAR(63);
UPDATE relay_offsets SET relay_name = convert_from(offset_key, 'UTF8')::jsonb ->> 0;
ALTER TABLE relay_offsets ALTER COLUMN relay_name SET NOT NULL;
ALTER TABLE relay_offsets DROP CONSTRAINT relay_offsets_pkey;
ALTER TABLE relay_offsets ADD PRIMARY KEY (relay_name, offset_key);
