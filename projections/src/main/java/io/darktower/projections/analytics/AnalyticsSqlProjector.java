package io.darktower.projections.analytics;

import io.darktower.events.AggregateType;
import io.darktower.events.Aggregates;
import io.darktower.events.EventEnvelope;
import io.darktower.events.meeting.ControllerAssigned;
import io.darktower.events.meeting.MediaHandlerAssigned;
import io.darktower.events.meeting.MeetingCreated;
import io.darktower.events.meeting.MeetingEnded;
import io.darktower.events.meeting.MeetingPurged;
import io.darktower.events.meeting.MeetingEvent;
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
import io.darktower.events.node.ControllerCapacityChanged;
import io.darktower.events.node.ControllerDeregistered;
import io.darktower.events.node.ControllerEvent;
import io.darktower.events.node.ControllerHealthChanged;
import io.darktower.events.node.ControllerRegistered;
import io.darktower.events.node.MediaHandlerCapacityChanged;
import io.darktower.events.node.MediaHandlerDeregistered;
import io.darktower.events.node.MediaHandlerEvent;
import io.darktower.events.node.MediaHandlerHealthChanged;
import io.darktower.events.node.MediaHandlerRegistered;
import io.darktower.events.recording.RecordingEvent;
import io.darktower.events.recording.RecordingStarted;
import io.darktower.events.recording.RecordingStopped;
import io.darktower.projections.runtime.SqlProjector;
import io.darktower.projections.runtime.SqlWriter;
import java.sql.SQLException;
import java.util.List;

/**
 * The analytics tables ({@code V6__analytics.sql}): meeting statistics, participant sessions, recording time, daily
 * usage per user and per region, node load and node status history. A consumer group of its own, over the meeting,
 * recording, controller and media-handler topics, so it heals, parks and rebuilds like every projection.
 *
 * <p>Every figure is kept so that the order in which events of <em>different</em> aggregates arrive does not matter
 * (a live run and a rebuild interleave them differently): running figures of one meeting (current and peak
 * participants) live on its own row, written in its own event order; figures shared by many meetings are sums
 * (daily usage), or changes summed when read (node load); recordings are joined to their meeting when read.
 */
public final class AnalyticsSqlProjector implements SqlProjector<Object> {

    public static final String NAME = "analytics-sql";

    private static final String SECONDS_BETWEEN =
            "GREATEST(0, FLOOR(EXTRACT(EPOCH FROM (CAST(? AS timestamptz) - %s))))::integer";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<AggregateType<?>> aggregates() {
        return List.of(Aggregates.MEETING, Aggregates.RECORDING, Aggregates.MEETING_CONTROLLER, Aggregates.MEDIA_HANDLER);
    }

    @Override
    public List<String> tables() {
        return List.of("analytics_meetings", "analytics_meeting_participants", "analytics_recordings",
                "analytics_usage_daily", "analytics_usage_meeting_days", "analytics_node_load", "analytics_node_status");
    }

    @Override
    public void project(Object event, EventEnvelope envelope, SqlWriter sql) throws SQLException {
        switch (event) {
            case MeetingEvent e -> meeting(e, envelope, sql);
            case RecordingEvent e -> recording(e, sql);
            case ControllerEvent e -> controller(e, envelope, sql);
            case MediaHandlerEvent e -> mediaHandler(e, envelope, sql);
            default -> throw new IllegalArgumentException("not an analytics event: " + event.getClass().getName());
        }
    }

    private static void meeting(MeetingEvent event, EventEnvelope envelope, SqlWriter sql) throws SQLException {
        switch (event) {
            case MeetingCreated e -> sql.update("""
                    INSERT INTO analytics_meetings (meeting_id, created_by_user_id, created_at) VALUES (?, ?, ?)""",
                    e.meetingId(), e.createdByUserId(), e.createdAt());
            case MeetingStarted e -> sql.update(
                    "UPDATE analytics_meetings SET started_at = ? WHERE meeting_id = ?", e.startedAt(), e.meetingId());
            case ControllerAssigned e -> {
                NodeLoad.reassigned(sql, NodeLoad.CONTROLLER, e.meetingId(), e.controllerId(), e.assignedAt(), envelope);
                sql.update("UPDATE analytics_meetings SET controller_id = ?, region = ? WHERE meeting_id = ?",
                        e.controllerId(), e.region(), e.meetingId());
            }
            case MediaHandlerAssigned e -> {
                NodeLoad.reassigned(sql, NodeLoad.MEDIA_HANDLER, e.meetingId(), e.mediaHandlerId(), e.assignedAt(), envelope);
                sql.update("UPDATE analytics_meetings SET media_handler_id = ? WHERE meeting_id = ?",
                        e.mediaHandlerId(), e.meetingId());
            }
            case ParticipantWaiting e -> sql.update("""
                    INSERT INTO analytics_meeting_participants (meeting_id, participant_id, user_id, waiting_since)
                    VALUES (?, ?, ?, ?)""",
                    e.meetingId(), e.participantId(), e.userId(), e.waitingSince());
            case ParticipantAdmitted e -> {
                sql.update("UPDATE analytics_meeting_participants SET admitted_at = ?, wait_seconds = "
                                + SECONDS_BETWEEN.formatted("waiting_since") + " WHERE meeting_id = ? AND participant_id = ?",
                        e.admittedAt(), e.admittedAt(), e.meetingId(), e.participantId());
                sql.update("UPDATE analytics_meetings SET admitted_from_waiting_room = admitted_from_waiting_room + 1"
                        + " WHERE meeting_id = ?", e.meetingId());
            }
            case ParticipantRejected e -> {
                sql.update("UPDATE analytics_meeting_participants SET rejected_at = ?, wait_seconds = "
                                + SECONDS_BETWEEN.formatted("waiting_since") + " WHERE meeting_id = ? AND participant_id = ?",
                        e.rejectedAt(), e.rejectedAt(), e.meetingId(), e.participantId());
                sql.update("UPDATE analytics_meetings SET rejected_from_waiting_room = rejected_from_waiting_room + 1"
                        + " WHERE meeting_id = ?", e.meetingId());
            }
            case ParticipantJoined e -> {
                sql.update("""
                        INSERT INTO analytics_meeting_participants (meeting_id, participant_id, user_id, joined_at)
                        VALUES (?, ?, ?, ?)
                        ON CONFLICT (meeting_id, participant_id) DO UPDATE SET joined_at = EXCLUDED.joined_at""",
                        e.meetingId(), e.participantId(), e.userId(), e.joinedAt());
                sql.update("""
                        UPDATE analytics_meetings SET current_participants = current_participants + 1,
                            peak_participants = GREATEST(peak_participants, current_participants + 1),
                            total_participants = total_participants + 1
                        WHERE meeting_id = ?""", e.meetingId());
                NodeLoad.changed(sql, e.meetingId(), 0, "1", e.joinedAt(), envelope);
            }
            case ParticipantLeft e -> {
                sql.update("UPDATE analytics_meeting_participants SET left_at = ?, leave_reason = ?, duration_seconds = "
                                + SECONDS_BETWEEN.formatted("joined_at") + " WHERE meeting_id = ? AND participant_id = ?",
                        e.leftAt(), e.reason().wire(), e.leftAt(), e.meetingId(), e.participantId());
                sql.update("""
                        UPDATE analytics_meetings SET current_participants = current_participants - 1,
                            participant_seconds = participant_seconds + COALESCE((SELECT duration_seconds
                                FROM analytics_meeting_participants WHERE meeting_id = ? AND participant_id = ?), 0)
                        WHERE meeting_id = ?""", e.meetingId(), e.participantId(), e.meetingId());
                DailyUsage.sessionEnded(sql, e.meetingId(), e.participantId());
                NodeLoad.changed(sql, e.meetingId(), 0, "-1", e.leftAt(), envelope);
            }
            case MeetingEnded e -> {
                sql.update("UPDATE analytics_meetings SET ended_at = ?, end_reason = ?, duration_seconds = "
                                + SECONDS_BETWEEN.formatted("COALESCE(started_at, created_at)") + " WHERE meeting_id = ?",
                        e.endedAt(), e.reason().wire(), e.endedAt(), e.meetingId());
                NodeLoad.changed(sql, e.meetingId(), -1, "-current_participants", e.endedAt(), envelope);
            }
            case MeetingPurged e -> {
                // retention drops the meeting from the read models after 90 days; its statistics stay (docs/read-models.md)
            }
            case MeetingSettingsChanged e -> {
                // names and switches: no figure of the statistics
            }
            case StreamPublished e -> {
                // streams are not among the statistics (yet)
            }
            case StreamUnpublished e -> {
            }
            case StreamSubscribed e -> {
            }
            case StreamUnsubscribed e -> {
            }
        }
    }

    private static void recording(RecordingEvent event, SqlWriter sql) throws SQLException {
        switch (event) {
            case RecordingStarted e -> sql.update(
                    "INSERT INTO analytics_recordings (recording_id, meeting_id, started_at) VALUES (?, ?, ?)",
                    e.recordingId(), e.meetingId(), e.startedAt());
            case RecordingStopped e -> sql.update("UPDATE analytics_recordings SET stopped_at = ?, recorded_seconds = "
                            + SECONDS_BETWEEN.formatted("started_at") + " WHERE recording_id = ?",
                    e.stoppedAt(), e.stoppedAt(), e.recordingId());
            default -> {
                // processing, ready, failed (a running recording that fails is stopped first), sharing: no recorded time
            }
        }
    }

    private static void controller(ControllerEvent event, EventEnvelope envelope, SqlWriter sql) throws SQLException {
        NodeStatus row = switch (event) {
            case ControllerRegistered e -> NodeStatus.registered(e.region(), e.registeredAt())
                    .controllerCapacity(e.maxMeetings(), e.maxParticipants());
            case ControllerCapacityChanged e -> NodeStatus.of("capacity", e.changedAt())
                    .controllerCapacity(e.maxMeetings(), e.maxParticipants());
            case ControllerHealthChanged e -> NodeStatus.health(e.health().wire(), e.changedAt());
            case ControllerDeregistered e -> NodeStatus.of("deregistered", e.deregisteredAt());
        };
        row.insert(sql, envelope, NodeLoad.CONTROLLER, event.controllerId());
    }

    private static void mediaHandler(MediaHandlerEvent event, EventEnvelope envelope, SqlWriter sql) throws SQLException {
        NodeStatus row = switch (event) {
            case MediaHandlerRegistered e -> NodeStatus.registered(e.region(), e.registeredAt())
                    .handlerCapacity(e.maxStreams(), e.maxBitrateMbps());
            case MediaHandlerCapacityChanged e -> NodeStatus.of("capacity", e.changedAt())
                    .handlerCapacity(e.maxStreams(), e.maxBitrateMbps());
            case MediaHandlerHealthChanged e -> NodeStatus.health(e.health().wire(), e.changedAt());
            case MediaHandlerDeregistered e -> NodeStatus.of("deregistered", e.deregisteredAt());
        };
        row.insert(sql, envelope, NodeLoad.MEDIA_HANDLER, event.handlerId());
    }
}
