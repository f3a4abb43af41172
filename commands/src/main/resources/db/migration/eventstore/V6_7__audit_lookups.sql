-- Audit reconstruction (a user's history): the events that name a user, found without scanning the log.
-- By the actor the command's metadata recorded, and by the user a payload names (joins, waits, API keys issued).
-- Axon writes both columns as JSON text through the shared event mapper, so the casts cannot fail on an append.
CREATE INDEX idx_domain_event_actor ON domain_event_entry (((meta_data::jsonb) ->> 'actorUserId'));
CREATE INDEX idx_domain_event_payload_user ON domain_event_entry (((payload::jsonb) ->> 'userId'));
