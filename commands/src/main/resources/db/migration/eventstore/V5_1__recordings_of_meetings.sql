-- The write side's memory for stopping recordings when their meeting ends (RecordingsOfEndedMeetings, an Axon
-- tracking processor over the event store: these rows change in the transaction that moves its token).
-- Recordings not known to be stopped, by meeting:
CREATE TABLE running_recordings (
    recording_id UUID PRIMARY KEY,
    meeting_id UUID NOT NULL,
    started_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_running_recordings_meeting ON running_recordings(meeting_id);

-- Meetings that ended: a recording whose start is read after its meeting's end (the meeting ended between the
-- authorisation and the start's commit) is stopped at once.
CREATE TABLE ended_meetings (
    meeting_id UUID PRIMARY KEY,
    ended_at TIMESTAMPTZ NOT NULL
);
