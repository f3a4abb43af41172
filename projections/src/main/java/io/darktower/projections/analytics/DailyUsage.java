package io.darktower.projections.analytics;

import io.darktower.projections.runtime.SqlWriter;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Rows of {@code analytics_usage_daily}, written when a participant session ends: for each UTC day the session
 * covered, its seconds on that day, one session, and one meeting the first time the subject is seen in that meeting
 * on that day ({@code analytics_usage_meeting_days}). Sums only, so meetings applied in any order give the same rows.
 */
final class DailyUsage {

    /** Per user: the session's user; guests (no user id) are not counted. */
    private static final String BY_USER = "p.user_id::text";
    /** Per region: the region of the meeting's controller when the session ended. */
    private static final String BY_REGION = "COALESCE(m.region, 'unknown')";

    private static final String SQL = """
            WITH session AS (
                SELECT p.meeting_id, %1$s AS subject,
                       p.joined_at AT TIME ZONE 'UTC' AS joined, p.left_at AT TIME ZONE 'UTC' AS left_
                FROM analytics_meeting_participants p
                JOIN analytics_meetings m ON m.meeting_id = p.meeting_id
                WHERE p.meeting_id = ? AND p.participant_id = ? AND p.joined_at IS NOT NULL AND p.left_at IS NOT NULL
                  AND %1$s IS NOT NULL),
            days AS (
                SELECT s.meeting_id, s.subject, d::date AS day,
                       GREATEST(0, FLOOR(EXTRACT(EPOCH FROM (LEAST(s.left_, d + INTERVAL '1 day')
                           - GREATEST(s.joined, d)))))::bigint AS seconds
                FROM session s
                CROSS JOIN LATERAL generate_series(date_trunc('day', s.joined), s.left_, INTERVAL '1 day') AS d
                WHERE d < s.left_ OR d = date_trunc('day', s.joined)),
            firsts AS (
                INSERT INTO analytics_usage_meeting_days (day, dimension, subject, meeting_id)
                SELECT day, '%2$s', subject, meeting_id FROM days
                ON CONFLICT DO NOTHING
                RETURNING day, subject)
            INSERT INTO analytics_usage_daily (day, dimension, subject, meetings, sessions, participant_seconds)
            SELECT d.day, '%2$s', d.subject, (SELECT count(*) FROM firsts f WHERE f.day = d.day AND f.subject = d.subject),
                   1, d.seconds
            FROM days d
            ON CONFLICT (day, dimension, subject) DO UPDATE SET
                meetings = analytics_usage_daily.meetings + EXCLUDED.meetings,
                sessions = analytics_usage_daily.sessions + EXCLUDED.sessions,
                participant_seconds = analytics_usage_daily.participant_seconds + EXCLUDED.participant_seconds""";

    private DailyUsage() {
    }

    static void sessionEnded(SqlWriter sql, UUID meetingId, UUID participantId) throws SQLException {
        sql.update(SQL.formatted(BY_USER, "user"), meetingId, participantId);
        sql.update(SQL.formatted(BY_REGION, "region"), meetingId, participantId);
    }
}
