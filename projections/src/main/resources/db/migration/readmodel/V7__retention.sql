-- Retention (issue 9): the audit trail's horizon. The retention job drops audit_logs partitions whose months are
-- more than a year old (drop_audit_log_partitions_older_than, V1) and first moves this horizon to the start of the
-- oldest month it keeps. The audit projection writes no row older than the horizon, so a rebuild of audit_logs from
-- the event log does not bring the dropped months back (they would land in audit_logs_default).
-- One row at most; no row: no horizon yet.
CREATE TABLE audit_log_horizon (
    only_row BOOLEAN PRIMARY KEY DEFAULT true CHECK (only_row),
    horizon TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
