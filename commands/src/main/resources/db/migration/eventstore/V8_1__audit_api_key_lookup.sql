-- Audit reconstruction (an API key's history): the events caused by calls made with a key, found without scanning
-- the log, by the key id the command's metadata recorded. Events stored before the key id was recorded have none.
CREATE INDEX idx_domain_event_actor_api_key ON domain_event_entry (((meta_data::jsonb) ->> 'actorApiKeyId'));
