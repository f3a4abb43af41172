package io.darktower.projections.meeting;

import io.darktower.events.EventCatalog;
import io.darktower.events.EventEnvelope;
import io.darktower.events.EventJson;
import io.darktower.events.meeting.MeetingCreated;
import io.darktower.events.meeting.MeetingEnded;
import io.darktower.events.meeting.MeetingEvent;
import io.darktower.events.meeting.MeetingStarted;
import io.darktower.events.meeting.ParticipantJoined;
import io.darktower.events.meeting.ParticipantLeft;
import io.darktower.projections.runtime.Projection;
import io.darktower.projections.runtime.SqlSequenceGuard;
import io.darktower.readmodel.MeetingStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/**
 * Maintains the seed's {@code meetings} and {@code meeting_participants} tables. A batch is one transaction:
 * its rows and its sequence records commit together or not at all.
 */
public final class MeetingSqlProjection implements Projection {

    public static final String NAME = "meeting-sql";

    private final DataSource dataSource;
    private final SqlSequenceGuard sequences = new SqlSequenceGuard(NAME);

    public MeetingSqlProjection(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void apply(List<EventEnvelope> batch) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (EventEnvelope envelope : batch) {
                    if (EventCatalog.MEETING.equals(envelope.aggregateType())
                            && sequences.advance(c, envelope.aggregateId(), envelope.aggregateSequence())) {
                        apply(c, (MeetingEvent) EventJson.payload(envelope));
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private void apply(Connection c, MeetingEvent event) throws SQLException {
        switch (event) {
            case MeetingCreated e -> update(c, """
                    INSERT INTO meetings (meeting_id, created_by_user_id, display_name, meeting_code, max_participants,
                        enable_e2e_encryption, require_auth, allow_recording, waiting_room_enabled, status,
                        scheduled_start_time, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    e.meetingId(), e.createdByUserId(), e.displayName(), e.meetingCode(), e.maxParticipants(),
                    e.settings().e2eEncryption(), e.settings().requireAuth(), e.settings().allowRecording(),
                    e.settings().waitingRoom(), MeetingStatus.SCHEDULED.wire(), ts(e.scheduledStartTime()),
                    ts(e.createdAt()), ts(e.createdAt()));
            case MeetingStarted e -> update(c,
                    "UPDATE meetings SET status = ?, actual_start_time = ? WHERE meeting_id = ?",
                    MeetingStatus.ACTIVE.wire(), ts(e.startedAt()), e.meetingId());
            case ParticipantJoined e -> update(c, """
                    INSERT INTO meeting_participants (meeting_id, participant_id, user_id, display_name, joined_at,
                        ip_address, user_agent, client_version, total_duration_seconds)
                    VALUES (?, ?, ?, ?, ?, ?::inet, ?, ?, 0)""",
                    e.meetingId(), e.participantId(), e.userId(), e.displayName(), ts(e.joinedAt()),
                    e.connection().ipAddress(), e.connection().userAgent(), e.connection().clientVersion());
            case ParticipantLeft e -> update(c, """
                    UPDATE meeting_participants
                    SET left_at = ?, leave_reason = ?,
                        total_duration_seconds = GREATEST(0, FLOOR(EXTRACT(EPOCH FROM (?::timestamptz - joined_at))))::integer
                    WHERE meeting_id = ? AND participant_id = ?""",
                    ts(e.leftAt()), e.reason().wire(), ts(e.leftAt()), e.meetingId(), e.participantId());
            case MeetingEnded e -> update(c,
                    "UPDATE meetings SET status = ?, ended_at = ? WHERE meeting_id = ?",
                    MeetingStatus.ENDED.wire(), ts(e.endedAt()), e.meetingId());
        }
    }

    private static void update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            statement.executeUpdate();
        }
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
