-- Read model: every index of the seed schema (DATABASE_SCHEMA.md), same names and columns.
-- idx_users_email, idx_meetings_meeting_code and idx_api_keys_hash duplicate the indexes behind
-- their UNIQUE constraints; they are kept because the seed declares them.

-- 1. Users
CREATE INDEX idx_users_email ON users(email);
CREATE INDEX idx_users_created_at ON users(created_at);

-- 2. OAuth providers
CREATE INDEX idx_oauth_user_id ON oauth_providers(user_id);

-- 3. Meetings
CREATE INDEX idx_meetings_created_by ON meetings(created_by_user_id);
CREATE INDEX idx_meetings_meeting_code ON meetings(meeting_code);
CREATE INDEX idx_meetings_status ON meetings(status);
CREATE INDEX idx_meetings_scheduled_start ON meetings(scheduled_start_time);
CREATE INDEX idx_meetings_controller ON meetings(assigned_controller_id);

-- 4. Meeting participants
CREATE INDEX idx_participants_meeting_id ON meeting_participants(meeting_id);
CREATE INDEX idx_participants_user_id ON meeting_participants(user_id);
CREATE INDEX idx_participants_joined_at ON meeting_participants(joined_at);

-- 5. Recordings
CREATE INDEX idx_recordings_meeting_id ON recordings(meeting_id);
CREATE INDEX idx_recordings_started_by ON recordings(started_by_user_id);
CREATE INDEX idx_recordings_status ON recordings(status);

-- 6. Meeting controllers
CREATE INDEX idx_controllers_region ON meeting_controllers(region);
CREATE INDEX idx_controllers_health ON meeting_controllers(health_status);
CREATE INDEX idx_controllers_heartbeat ON meeting_controllers(last_heartbeat_at);

-- 7. Media handlers
CREATE INDEX idx_handlers_region ON media_handlers(region);
CREATE INDEX idx_handlers_health ON media_handlers(health_status);

-- 8. Audit logs: created on the partitioned parent, so PostgreSQL builds them on every
-- existing partition and on every partition created or attached later.
CREATE INDEX idx_audit_event_type ON audit_logs(event_type);
CREATE INDEX idx_audit_actor ON audit_logs(actor_user_id);
CREATE INDEX idx_audit_target ON audit_logs(target_type, target_id);
CREATE INDEX idx_audit_created_at ON audit_logs(created_at);

-- 9. API keys
CREATE INDEX idx_api_keys_user_id ON api_keys(user_id);
CREATE INDEX idx_api_keys_hash ON api_keys(key_hash);
