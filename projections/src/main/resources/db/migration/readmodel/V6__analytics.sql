-- Not part of the seed: the analytics projection's own tables (issue 9, item 3), written by AnalyticsSqlProjector
-- from the meeting, recording, meeting-controller and media-handler events, and rebuilt from the log like any
-- projection. Every figure derives from the events' own timestamps, never from now(), so a replay writes the same rows.
-- No foreign key to the seed's tables: retention deletes meetings 90 days after they end, and must not cascade into
-- the statistics kept of them. Ids only, never names, emails or addresses: nothing here is personal data to erase.
-- Days are UTC days.

-- One row per meeting; the figures of an ended meeting are final. current_participants is the working figure the
-- peak is kept from while the meeting runs.
CREATE TABLE analytics_meetings (
    meeting_id UUID PRIMARY KEY,
    created_by_user_id UUID,
    created_at TIMESTAMPTZ NOT NULL,
    started_at TIMESTAMPTZ,
    ended_at TIMESTAMPTZ,
    end_reason VARCHAR(50),
    duration_seconds INTEGER,                       -- started_at (created_at if it never started) to ended_at
    region VARCHAR(50),                             -- the region of the controller assigned last
    controller_id VARCHAR(255),                     -- assigned last
    media_handler_id VARCHAR(255),                  -- assigned last
    current_participants INTEGER NOT NULL DEFAULT 0,
    peak_participants INTEGER NOT NULL DEFAULT 0,
    total_participants INTEGER NOT NULL DEFAULT 0,  -- participant sessions that joined
    participant_seconds BIGINT NOT NULL DEFAULT 0,  -- the sum of the sessions' durations
    admitted_from_waiting_room INTEGER NOT NULL DEFAULT 0,
    rejected_from_waiting_room INTEGER NOT NULL DEFAULT 0,
    -- working figure: the time of its last node-load change. A change is dated no earlier, so its node-load rows
    -- follow the meeting's event order even where an event carries an earlier time than the one before it (a join is
    -- dated when it was asked, the placement that precedes it when it was decided)
    last_load_at TIMESTAMPTZ
);

CREATE INDEX idx_analytics_meetings_ended_at ON analytics_meetings(ended_at);

-- One row per participant session: waiting room (join latency: waiting_since to admitted_at) and presence.
CREATE TABLE analytics_meeting_participants (
    meeting_id UUID NOT NULL,
    participant_id UUID NOT NULL,
    user_id UUID,                                   -- NULL for guests
    waiting_since TIMESTAMPTZ,
    admitted_at TIMESTAMPTZ,
    rejected_at TIMESTAMPTZ,
    wait_seconds INTEGER,                           -- waiting_since to admitted_at (or rejected_at)
    joined_at TIMESTAMPTZ,
    left_at TIMESTAMPTZ,
    leave_reason VARCHAR(50),
    duration_seconds INTEGER,                       -- joined_at to left_at
    PRIMARY KEY (meeting_id, participant_id)
);

CREATE INDEX idx_analytics_participants_user ON analytics_meeting_participants(user_id);

-- One row per recording; a meeting's recording minutes are the sum of its recordings' recorded_seconds.
CREATE TABLE analytics_recordings (
    recording_id UUID PRIMARY KEY,
    meeting_id UUID NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    stopped_at TIMESTAMPTZ,
    recorded_seconds INTEGER                        -- started_at to stopped_at
);

CREATE INDEX idx_analytics_recordings_meeting ON analytics_recordings(meeting_id);

-- Usage per UTC day, per user (subject = user id; guests are not counted) and per region (subject = the meeting's
-- region, 'unknown' before a controller is assigned). A session that spans midnight counts on each day it covers,
-- with the seconds it spent on that day. Written when the session ends.
CREATE TABLE analytics_usage_daily (
    day DATE NOT NULL,
    dimension VARCHAR(10) NOT NULL CHECK (dimension IN ('user', 'region')),
    subject VARCHAR(255) NOT NULL,
    meetings INTEGER NOT NULL DEFAULT 0,            -- distinct meetings the subject was present in that day
    sessions INTEGER NOT NULL DEFAULT 0,            -- participant sessions present that day
    participant_seconds BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, dimension, subject)
);

-- Working table: which meetings a subject has already been counted in on a day (so a second session of the same
-- user in the same meeting adds its seconds but not another meeting).
CREATE TABLE analytics_usage_meeting_days (
    day DATE NOT NULL,
    dimension VARCHAR(10) NOT NULL,
    subject VARCHAR(255) NOT NULL,
    meeting_id UUID NOT NULL,
    PRIMARY KEY (day, dimension, subject, meeting_id)
);

-- Node load as changes: one row per meeting event that moves a meeting or participants onto or off a node
-- (assignment, join, leave, end). The load at a time is the running sum of the changes up to it, computed when read,
-- so rows of different meetings applied in any order give the same history.
CREATE TABLE analytics_node_load (
    node_type VARCHAR(20) NOT NULL CHECK (node_type IN ('controller', 'media_handler')),
    node_id VARCHAR(255) NOT NULL,
    event_id VARCHAR(255) NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    meeting_id UUID NOT NULL,
    meetings_delta INTEGER NOT NULL,
    participants_delta INTEGER NOT NULL,
    PRIMARY KEY (node_type, node_id, event_id)
);

CREATE INDEX idx_analytics_node_load_at ON analytics_node_load(node_id, at);

-- The nodes' own facts over time: registration, capacity, health, deregistration.
CREATE TABLE analytics_node_status (
    event_id VARCHAR(255) PRIMARY KEY,
    node_type VARCHAR(20) NOT NULL CHECK (node_type IN ('controller', 'media_handler')),
    node_id VARCHAR(255) NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    change VARCHAR(20) NOT NULL CHECK (change IN ('registered', 'capacity', 'health', 'deregistered')),
    region VARCHAR(50),
    health VARCHAR(20),
    max_meetings INTEGER,                           -- controllers
    max_participants INTEGER,                       -- controllers
    max_streams INTEGER,                            -- media handlers
    max_bitrate_mbps INTEGER                        -- media handlers
);

CREATE INDEX idx_analytics_node_status_at ON analytics_node_status(node_id, at);
