package io.darktower.projections.meeting;

import io.darktower.events.AggregateType;
import io.darktower.events.Aggregates;
import io.darktower.events.EventEnvelope;
import io.darktower.events.meeting.ControllerAssigned;
import io.darktower.events.meeting.MediaHandlerAssigned;
import io.darktower.events.meeting.MeetingCreated;
import io.darktower.events.meeting.MeetingEnded;
import io.darktower.events.meeting.MeetingEvent;
import io.darktower.events.meeting.MeetingPurged;
import io.darktower.events.meeting.MeetingSettingsChanged;
import io.darktower.events.meeting.MeetingStarted;
import io.darktower.events.meeting.ParticipantAdmitted;
import io.darktower.events.meeting.ParticipantJoined;
import io.darktower.events.meeting.ParticipantLeft;
import io.darktower.events.meeting.ParticipantRejected;
import io.darktower.events.meeting.ParticipantWaiting;
import io.darktower.events.meeting.StreamPublished;
import io.darktower.events.meeting.StreamSubscribed;
import io.darktower.events.meeting.StreamUnpublished;
import io.darktower.events.meeting.StreamUnsubscribed;
import io.darktower.projections.runtime.SqlProjector;
import io.darktower.projections.runtime.SqlWriter;
import io.darktower.readmodel.MeetingStatus;
import java.sql.SQLException;
import io.darktower.readmodel.RedisKeys;
import java.util.List;
import java.util.Optional;

/**
 * The seed's {@code meetings} and {@code meeting_participants} tables. The waiting room and the streams have no
 * table in the seed (they live in Redis); the media handler, which has no column, is kept in
 * {@code meetings.metadata.media_handler_id}.
 */
public final class MeetingSqlProjector implements SqlProjector<MeetingEvent> {

    public static final String NAME = "meeting-sql";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AggregateType<MeetingEvent> aggregate() {
        return Aggregates.MEETING;
    }

    @Override
    public Optional<RedisKeys.CacheType> cached() {
        return Optional.of(RedisKeys.CacheType.MEETING);
    }

    @Override
    public List<String> tables() {
        return List.of("meetings", "meeting_participants");
    }

    @Override
    public void project(MeetingEvent event, EventEnvelope envelope, SqlWriter sql) throws SQLException {
        switch (event) {
            case MeetingCreated e -> sql.update("""
                    INSERT INTO meetings (meeting_id, created_by_user_id, display_name, meeting_code, max_participants,
                        enable_e2e_encryption, require_auth, allow_recording, waiting_room_enabled, status,
                        scheduled_start_time, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    e.meetingId(), e.createdByUserId(), e.displayName(), e.meetingCode(), e.maxParticipants(),
                    e.settings().e2eEncryption(), e.settings().requireAuth(), e.settings().allowRecording(),
                    e.settings().waitingRoom(), MeetingStatus.SCHEDULED.wire(), e.scheduledStartTime(),
                    e.createdAt(), e.createdAt());
            case MeetingSettingsChanged e -> sql.update("""
                    UPDATE meetings SET display_name = ?, max_participants = ?, enable_e2e_encryption = ?,
                        require_auth = ?, allow_recording = ?, waiting_room_enabled = ?, scheduled_start_time = ?
                    WHERE meeting_id = ?""",
                    e.displayName(), e.maxParticipants(), e.settings().e2eEncryption(), e.settings().requireAuth(),
                    e.settings().allowRecording(), e.settings().waitingRoom(), e.scheduledStartTime(), e.meetingId());
            case ControllerAssigned e -> sql.update(
                    "UPDATE meetings SET assigned_controller_id = ?, assigned_region = ? WHERE meeting_id = ?",
                    e.controllerId(), e.region(), e.meetingId());
            case MediaHandlerAssigned e -> sql.update("""
                    UPDATE meetings
                    SET metadata = COALESCE(metadata, '{}'::jsonb) || jsonb_build_object('media_handler_id', ?::text)
                    WHERE meeting_id = ?""",
                    e.mediaHandlerId(), e.meetingId());
            case ParticipantWaiting e -> {
                // the waiting room lives in Redis only: a session gets its row when it joins
            }
            case ParticipantAdmitted e -> {
                // its ParticipantJoined follows
            }
            case ParticipantRejected e -> {
                // never joined: no row
            }
            case StreamPublished e -> {
                // streams and subscriptions live in Redis only (stream:{id}, participant:{id}:subscriptions)
            }
            case StreamUnpublished e -> {
            }
            case StreamSubscribed e -> {
            }
            case StreamUnsubscribed e -> {
            }
            case MeetingStarted e -> sql.update(
                    "UPDATE meetings SET status = ?, actual_start_time = ? WHERE meeting_id = ?",
                    MeetingStatus.ACTIVE.wire(), e.startedAt(), e.meetingId());
            case ParticipantJoined e -> sql.update("""
                    INSERT INTO meeting_participants (meeting_id, participant_id, user_id, display_name, joined_at,
                        ip_address, user_agent, client_version, total_duration_seconds)
                    VALUES (?, ?, ?, ?, ?, ?::inet, ?, ?, 0)""",
                    e.meetingId(), e.participantId(), e.userId(), e.displayName(), e.joinedAt(),
                    e.connection().ipAddress(), e.connection().userAgent(), e.connection().clientVersion());
            case ParticipantLeft e -> sql.update("""
                    UPDATE meeting_participants
                    SET left_at = ?, leave_reason = ?,
                        total_duration_seconds = GREATEST(0, FLOOR(EXTRACT(EPOCH FROM (?::timestamptz - joined_at))))::integer
                    WHERE meeting_id = ? AND participant_id = ?""",
                    e.leftAt(), e.reason().wire(), e.leftAt(), e.meetingId(), e.participantId());
            case MeetingEnded e -> sql.update(
                    "UPDATE meetings SET status = ?, ended_at = ? WHERE meeting_id = ?",
                    MeetingStatus.ENDED.wire(), e.endedAt(), e.meetingId());
            case MeetingPurged e -> {
                // participants first: a rebuild's shadow tables have no cascade
                sql.update("DELETE FROM meeting_participants WHERE meeting_id = ?", e.meetingId());
                sql.update("DELETE FROM meetings WHERE meeting_id = ?", e.meetingId());
            }
        }
    }
}
