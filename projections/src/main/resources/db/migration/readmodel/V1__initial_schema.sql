-- Read model: tables of the seed schema (DATABASE_SCHEMA.md), column for column.
-- Indexes follow in V2, updated_at triggers in V3, as the seed's migration plan says.
-- gen_random_uuid() is built in since PostgreSQL 13, so no pgcrypto.

-- 1. Users
CREATE TABLE users (
    user_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    email VARCHAR(255) UNIQUE NOT NULL,
    display_name VARCHAR(255) NOT NULL,
    password_hash VARCHAR(255),  -- NULL for OAuth users
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    last_login_at TIMESTAMPTZ,
    is_active BOOLEAN NOT NULL DEFAULT true,
    metadata JSONB DEFAULT '{}'::jsonb
);

-- 2. OAuth providers
CREATE TABLE oauth_providers (
    id BIGSERIAL PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
    provider VARCHAR(50) NOT NULL,  -- 'google', 'github', etc.
    provider_user_id VARCHAR(255) NOT NULL,
    access_token_encrypted BYTEA,
    refresh_token_encrypted BYTEA,
    token_expires_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    UNIQUE(provider, provider_user_id)
);

-- 3. Meetings
CREATE TABLE meetings (
    meeting_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    created_by_user_id UUID REFERENCES users(user_id) ON DELETE SET NULL,
    display_name VARCHAR(255) NOT NULL,
    meeting_code VARCHAR(20) UNIQUE NOT NULL,  -- Short human-readable code
    max_participants INTEGER NOT NULL DEFAULT 100,

    -- Settings
    enable_e2e_encryption BOOLEAN NOT NULL DEFAULT true,
    require_auth BOOLEAN NOT NULL DEFAULT false,
    allow_recording BOOLEAN NOT NULL DEFAULT false,
    waiting_room_enabled BOOLEAN NOT NULL DEFAULT false,

    -- State
    status VARCHAR(20) NOT NULL DEFAULT 'scheduled',  -- 'scheduled', 'active', 'ended'
    scheduled_start_time TIMESTAMPTZ,
    actual_start_time TIMESTAMPTZ,
    ended_at TIMESTAMPTZ,

    -- Assignment
    assigned_controller_id VARCHAR(255),  -- Which meeting controller is handling this
    assigned_region VARCHAR(50),

    -- Metadata
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    metadata JSONB DEFAULT '{}'::jsonb
);

-- 4. Meeting participants
CREATE TABLE meeting_participants (
    id BIGSERIAL PRIMARY KEY,
    meeting_id UUID NOT NULL REFERENCES meetings(meeting_id) ON DELETE CASCADE,
    participant_id UUID NOT NULL,  -- Generated session ID
    user_id UUID REFERENCES users(user_id) ON DELETE SET NULL,  -- NULL for guests
    display_name VARCHAR(255) NOT NULL,

    -- Session info
    joined_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    left_at TIMESTAMPTZ,
    leave_reason VARCHAR(50),  -- 'voluntary', 'kicked', 'connection_lost', 'meeting_ended'

    -- Connection details
    ip_address INET,
    user_agent TEXT,
    client_version VARCHAR(50),

    -- Stats (updated periodically)
    total_duration_seconds INTEGER DEFAULT 0,

    UNIQUE(meeting_id, participant_id)
);

-- 5. Recordings
CREATE TABLE recordings (
    recording_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    meeting_id UUID NOT NULL REFERENCES meetings(meeting_id) ON DELETE CASCADE,
    started_by_user_id UUID REFERENCES users(user_id) ON DELETE SET NULL,

    -- Recording info
    started_at TIMESTAMPTZ NOT NULL,
    ended_at TIMESTAMPTZ,
    duration_seconds INTEGER,
    file_size_bytes BIGINT,

    -- Storage
    storage_path TEXT NOT NULL,  -- S3/object storage path
    storage_bucket VARCHAR(255) NOT NULL,

    -- Format
    video_codec VARCHAR(50),
    audio_codec VARCHAR(50),
    resolution VARCHAR(20),  -- e.g., "1920x1080"

    -- Status
    status VARCHAR(20) NOT NULL DEFAULT 'recording',  -- 'recording', 'processing', 'ready', 'failed'
    error_message TEXT,

    -- Access
    is_public BOOLEAN NOT NULL DEFAULT false,
    access_token VARCHAR(255),  -- For sharing

    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

-- 6. Meeting controllers
CREATE TABLE meeting_controllers (
    controller_id VARCHAR(255) PRIMARY KEY,
    region VARCHAR(50) NOT NULL,
    endpoint TEXT NOT NULL,

    -- Capacity
    max_meetings INTEGER NOT NULL,
    current_meetings INTEGER NOT NULL DEFAULT 0,
    max_participants INTEGER NOT NULL,
    current_participants INTEGER NOT NULL DEFAULT 0,

    -- Health
    health_status VARCHAR(20) NOT NULL DEFAULT 'healthy',  -- 'healthy', 'degraded', 'unhealthy'
    last_heartbeat_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),

    -- Metadata
    version VARCHAR(50),
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    metadata JSONB DEFAULT '{}'::jsonb
);

-- 7. Media handlers
CREATE TABLE media_handlers (
    handler_id VARCHAR(255) PRIMARY KEY,
    region VARCHAR(50) NOT NULL,
    endpoint TEXT NOT NULL,

    -- Capacity
    max_streams INTEGER NOT NULL,
    current_streams INTEGER NOT NULL DEFAULT 0,
    max_bitrate_mbps INTEGER NOT NULL,
    current_bitrate_mbps INTEGER NOT NULL DEFAULT 0,

    -- Health
    health_status VARCHAR(20) NOT NULL DEFAULT 'healthy',
    last_heartbeat_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),

    -- Capabilities
    supports_transcoding BOOLEAN NOT NULL DEFAULT true,
    supports_mixing BOOLEAN NOT NULL DEFAULT true,
    supported_codecs TEXT[] DEFAULT ARRAY['VP9', 'AV1', 'H264', 'Opus'],

    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    metadata JSONB DEFAULT '{}'::jsonb
);

-- 8. Audit logs, partitioned by month of created_at.
-- The seed declares "id BIGSERIAL PRIMARY KEY" and partitions the table; PostgreSQL
-- requires a partitioned table's primary key to include the partition key, hence
-- PRIMARY KEY (id, created_at). id stays BIGSERIAL, so it is still unique in practice.
CREATE TABLE audit_logs (
    id BIGSERIAL,
    event_type VARCHAR(50) NOT NULL,  -- 'user_login', 'meeting_created', 'participant_joined', etc.
    actor_user_id UUID REFERENCES users(user_id) ON DELETE SET NULL,
    actor_type VARCHAR(50) NOT NULL,  -- 'user', 'system', 'api'

    -- Target
    target_type VARCHAR(50),  -- 'meeting', 'user', 'recording', etc.
    target_id VARCHAR(255),

    -- Details
    action VARCHAR(100) NOT NULL,
    result VARCHAR(20) NOT NULL,  -- 'success', 'failure'
    error_message TEXT,

    -- Context
    ip_address INET,
    user_agent TEXT,
    metadata JSONB DEFAULT '{}'::jsonb,

    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),

    PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);

-- Bounds are written with an explicit UTC offset so that partitions are UTC months
-- whatever the session TimeZone is when the migration runs.
CREATE TABLE audit_logs_y2025m01 PARTITION OF audit_logs
    FOR VALUES FROM ('2025-01-01 00:00:00+00') TO ('2025-02-01 00:00:00+00');

-- Catches rows no monthly partition covers (clock skew, replayed old events, a missed
-- maintenance run) instead of failing the projection's insert.
CREATE TABLE audit_logs_default PARTITION OF audit_logs DEFAULT;

-- Creates the monthly partitions audit_logs_yYYYYmMM (UTC months) from the current month
-- through months_ahead months ahead; returns how many it created. Run at startup and
-- daily so that partitions exist before rows arrive. If rows for a missing month have
-- already landed in audit_logs_default, PostgreSQL refuses to create the partition, so
-- those rows are moved into a standalone table that is then attached as the partition.
CREATE OR REPLACE FUNCTION ensure_audit_log_partitions(months_ahead integer DEFAULT 3)
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    parent_oid    oid := 'audit_logs'::regclass;
    parent_schema text;
    default_name  text;
    column_list   text;
    first_month   timestamp := date_trunc('month', NOW() AT TIME ZONE 'UTC');
    month_start   timestamp;
    month_end     timestamp;
    lower_bound   text;
    upper_bound   text;
    partition_name text;
    has_rows      boolean;
    created       integer := 0;
BEGIN
    IF months_ahead IS NULL OR months_ahead < 0 THEN
        RAISE EXCEPTION 'months_ahead must be >= 0, got %', months_ahead;
    END IF;

    -- Several service instances run this at startup; serialise them instead of racing.
    PERFORM pg_advisory_xact_lock(hashtext('audit_logs_partition_maintenance'));

    SELECT n.nspname INTO parent_schema
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.oid = parent_oid;

    SELECT c.relname INTO default_name
    FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partdefid
    WHERE p.partrelid = parent_oid;

    SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO column_list
    FROM pg_attribute a
    WHERE a.attrelid = parent_oid AND a.attnum > 0 AND NOT a.attisdropped;

    FOR i IN 0..months_ahead LOOP
        month_start := first_month + make_interval(months => i);
        month_end := month_start + INTERVAL '1 month';
        partition_name := 'audit_logs_' || to_char(month_start, '"y"YYYY"m"MM');

        CONTINUE WHEN to_regclass(format('%I.%I', parent_schema, partition_name)) IS NOT NULL;

        lower_bound := to_char(month_start, 'YYYY-MM-DD HH24:MI:SS') || '+00';
        upper_bound := to_char(month_end, 'YYYY-MM-DD HH24:MI:SS') || '+00';

        has_rows := false;
        IF default_name IS NOT NULL THEN
            EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I WHERE created_at >= %L AND created_at < %L)',
                           parent_schema, default_name, lower_bound, upper_bound)
                INTO has_rows;
        END IF;

        IF has_rows THEN
            EXECUTE format('CREATE TABLE %I.%I (LIKE %I.audit_logs INCLUDING DEFAULTS INCLUDING STORAGE)',
                           parent_schema, partition_name, parent_schema);
            EXECUTE format('WITH moved AS (DELETE FROM %1$I.%2$I WHERE created_at >= %3$L AND created_at < %4$L RETURNING %5$s) '
                           'INSERT INTO %1$I.%6$I (%5$s) SELECT %5$s FROM moved',
                           parent_schema, default_name, lower_bound, upper_bound, column_list, partition_name);
            -- Attaching clones the parent's indexes, primary key, foreign key and triggers.
            EXECUTE format('ALTER TABLE %I.audit_logs ATTACH PARTITION %I.%I FOR VALUES FROM (%L) TO (%L)',
                           parent_schema, parent_schema, partition_name, lower_bound, upper_bound);
        ELSE
            EXECUTE format('CREATE TABLE %I.%I PARTITION OF %I.audit_logs FOR VALUES FROM (%L) TO (%L)',
                           parent_schema, partition_name, parent_schema, lower_bound, upper_bound);
        END IF;

        created := created + 1;
    END LOOP;

    RETURN created;
END;
$$;

-- Retention (seed: audit logs kept 1 year, "drop old partitions"): drops every range
-- partition of audit_logs whose upper bound is <= cutoff (midnight UTC); returns how many
-- it dropped. The default partition is never dropped.
CREATE OR REPLACE FUNCTION drop_audit_log_partitions_older_than(cutoff date)
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    parent_oid  oid := 'audit_logs'::regclass;
    cutoff_ts   timestamptz;
    part        record;
    dropped     integer := 0;
BEGIN
    IF cutoff IS NULL THEN
        RAISE EXCEPTION 'cutoff must not be NULL';
    END IF;
    cutoff_ts := cutoff::timestamp AT TIME ZONE 'UTC';

    PERFORM pg_advisory_xact_lock(hashtext('audit_logs_partition_maintenance'));

    FOR part IN
        SELECT n.nspname AS schema_name,
               c.relname AS table_name,
               -- pg_get_expr renders the bound in this session's settings, so it casts back safely.
               substring(pg_get_expr(c.relpartbound, c.oid) FROM 'TO \(''([^'']+)''\)')::timestamptz AS upper_bound
        FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE i.inhparent = parent_oid
          AND c.oid <> (SELECT p.partdefid FROM pg_partitioned_table p WHERE p.partrelid = parent_oid)
    LOOP
        -- A NULL upper bound means MAXVALUE: never old enough.
        CONTINUE WHEN part.upper_bound IS NULL OR part.upper_bound > cutoff_ts;
        EXECUTE format('DROP TABLE %I.%I', part.schema_name, part.table_name);
        dropped := dropped + 1;
    END LOOP;

    RETURN dropped;
END;
$$;

-- 9. API keys
CREATE TABLE api_keys (
    key_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
    key_hash VARCHAR(255) NOT NULL UNIQUE,  -- Hashed API key
    key_prefix VARCHAR(20) NOT NULL,  -- First few chars for identification

    name VARCHAR(255) NOT NULL,
    scopes TEXT[] NOT NULL,  -- ['meetings:create', 'meetings:read', etc.]

    is_active BOOLEAN NOT NULL DEFAULT true,
    last_used_at TIMESTAMPTZ,
    expires_at TIMESTAMPTZ,

    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

-- Partitions for the current month and the next three exist before the first insert.
SELECT ensure_audit_log_partitions(3);
