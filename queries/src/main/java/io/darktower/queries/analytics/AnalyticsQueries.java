package io.darktower.queries.analytics;

import static io.darktower.queries.ReadTimes.instant;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads the analytics tables ({@code analytics_*}, written by the analytics projection), without blocking. */
@Service
public class AnalyticsQueries {

    /** The most rows one answer holds: a year of days for a few hundred subjects, a busy node's month of changes. */
    public static final int MAX_ROWS = 10_000;
    /** A meeting's sessions in one answer. */
    public static final int MAX_SESSIONS = 5_000;

    private static final String STATISTICS = """
            SELECT m.*,
                (SELECT count(DISTINCT p.user_id) FROM analytics_meeting_participants p
                 WHERE p.meeting_id = m.meeting_id AND p.joined_at IS NOT NULL) AS unique_users,
                (SELECT count(*) FROM analytics_meeting_participants p
                 WHERE p.meeting_id = m.meeting_id AND p.joined_at IS NOT NULL AND p.user_id IS NULL) AS guests,
                (SELECT avg(p.wait_seconds)::float8 FROM analytics_meeting_participants p
                 WHERE p.meeting_id = m.meeting_id AND p.admitted_at IS NOT NULL) AS average_wait_seconds,
                (SELECT max(p.wait_seconds) FROM analytics_meeting_participants p
                 WHERE p.meeting_id = m.meeting_id AND p.admitted_at IS NOT NULL) AS max_wait_seconds,
                (SELECT count(*) FROM analytics_recordings r WHERE r.meeting_id = m.meeting_id) AS recordings,
                (SELECT COALESCE(sum(r.recorded_seconds), 0) FROM analytics_recordings r
                 WHERE r.meeting_id = m.meeting_id) AS recording_seconds
            FROM analytics_meetings m
            WHERE m.meeting_id = :id AND m.ended_at IS NOT NULL""";

    private final DatabaseClient db;

    public AnalyticsQueries(DatabaseClient db) {
        this.db = db;
    }

    /** The statistics of an ended meeting with its sessions; empty while it runs, or if the analytics never saw it. */
    public Mono<MeetingStatistics> endedMeeting(UUID meetingId) {
        Flux<ParticipantSession> sessions = db.sql("""
                        SELECT * FROM analytics_meeting_participants WHERE meeting_id = :id
                        ORDER BY COALESCE(joined_at, waiting_since), participant_id LIMIT :limit""")
                .bind("id", meetingId)
                .bind("limit", MAX_SESSIONS)
                .map(AnalyticsQueries::session)
                .all();
        return db.sql(STATISTICS).bind("id", meetingId).map(AnalyticsQueries::statistics).one()
                .flatMap(statistics -> sessions.collectList().map(statistics::withParticipants));
    }

    /** Whether the analytics know the meeting at all (ended or not). */
    public Mono<Boolean> knows(UUID meetingId) {
        return db.sql("SELECT 1 FROM analytics_meetings WHERE meeting_id = :id").bind("id", meetingId)
                .map(row -> true).one().defaultIfEmpty(false);
    }

    /** Usage per subject per UTC day, {@code from} to {@code to} inclusive, by day then subject. */
    public Flux<DailyUsage> dailyUsage(UsageDimension by, LocalDate from, LocalDate to) {
        return db.sql("""
                        SELECT day, subject, meetings, sessions, participant_seconds FROM analytics_usage_daily
                        WHERE dimension = :dimension AND day BETWEEN :from AND :to
                        ORDER BY day, subject LIMIT :limit""")
                .bind("dimension", by.wire())
                .bind("from", from)
                .bind("to", to)
                .bind("limit", MAX_ROWS)
                .map(row -> {
                    long seconds = row.get("participant_seconds", Long.class);
                    return new DailyUsage(row.get("day", LocalDate.class), row.get("subject", String.class),
                            row.get("meetings", Integer.class), row.get("sessions", Integer.class), seconds,
                            minutes(seconds));
                })
                .all();
    }

    /**
     * A node's load from {@code from} to {@code to}: the load it carried into the range (a sample at {@code from}),
     * then one sample per change, by node type then time.
     */
    public Flux<NodeLoadSample> nodeLoad(String nodeId, Instant from, Instant to) {
        return db.sql("""
                        WITH changes AS (
                            SELECT node_type, at, sum(meetings_delta) AS m, sum(participants_delta) AS p
                            FROM analytics_node_load WHERE node_id = :node AND at < :to GROUP BY node_type, at),
                        running AS (
                            SELECT node_type, at, (sum(m) OVER w)::int AS meetings, (sum(p) OVER w)::int AS participants
                            FROM changes WINDOW w AS (PARTITION BY node_type ORDER BY at)),
                        carried AS (
                            SELECT DISTINCT ON (node_type) node_type, :from AS at, meetings, participants
                            FROM running WHERE at < :from ORDER BY node_type, at DESC)
                        SELECT * FROM (SELECT * FROM carried UNION ALL SELECT * FROM running WHERE at >= :from) s
                        ORDER BY node_type, at LIMIT :limit""")
                .bind("node", nodeId)
                .bind("from", utc(from))
                .bind("to", utc(to))
                .bind("limit", MAX_ROWS)
                .map(row -> new NodeLoadSample(row.get("node_type", String.class), instant(row, "at"),
                        row.get("meetings", Integer.class), row.get("participants", Integer.class)))
                .all();
    }

    /** A node's registrations, capacity and health changes from {@code from} to {@code to}, in order. */
    public Flux<NodeStatusChange> nodeStatus(String nodeId, Instant from, Instant to) {
        return db.sql("""
                        SELECT * FROM analytics_node_status WHERE node_id = :node AND at >= :from AND at < :to
                        ORDER BY at, node_type, event_id LIMIT :limit""")
                .bind("node", nodeId)
                .bind("from", utc(from))
                .bind("to", utc(to))
                .bind("limit", MAX_ROWS)
                .map(row -> new NodeStatusChange(row.get("node_type", String.class), instant(row, "at"),
                        row.get("change", String.class), row.get("region", String.class),
                        row.get("health", String.class), row.get("max_meetings", Integer.class),
                        row.get("max_participants", Integer.class), row.get("max_streams", Integer.class),
                        row.get("max_bitrate_mbps", Integer.class)))
                .all();
    }

    /** Whether any load or status of the node is known at all. */
    public Mono<Boolean> knowsNode(String nodeId) {
        return db.sql("""
                        SELECT 1 WHERE EXISTS (SELECT 1 FROM analytics_node_load WHERE node_id = :node)
                            OR EXISTS (SELECT 1 FROM analytics_node_status WHERE node_id = :node)""")
                .bind("node", nodeId).map(row -> true).one().defaultIfEmpty(false);
    }

    /** The meetings that ended per UTC day, {@code from} to {@code to} inclusive. */
    public Flux<DailyMeetings> meetingsPerDay(LocalDate from, LocalDate to) {
        return db.sql("""
                        SELECT (ended_at AT TIME ZONE 'UTC')::date AS day, count(*)::int AS meetings,
                            max(peak_participants) AS peak, sum(participant_seconds)::bigint AS seconds
                        FROM analytics_meetings
                        WHERE ended_at >= :from AND ended_at < :to
                        GROUP BY 1 ORDER BY 1""")
                .bind("from", utcStart(from))
                .bind("to", utcStart(to.plusDays(1)))
                .map(row -> new DailyMeetings(row.get("day", LocalDate.class), row.get("meetings", Integer.class),
                        row.get("peak", Integer.class), row.get("seconds", Long.class)))
                .all();
    }

    /** The ended meetings of the range with the most participant time, most first. */
    public Flux<EndedMeeting> busiestMeetings(LocalDate from, LocalDate to, int limit) {
        return db.sql("""
                        SELECT a.meeting_id, m.display_name, a.ended_at, a.duration_seconds, a.peak_participants,
                            a.participant_seconds
                        FROM analytics_meetings a LEFT JOIN meetings m ON m.meeting_id = a.meeting_id
                        WHERE a.ended_at >= :from AND a.ended_at < :to
                        ORDER BY a.participant_seconds DESC, a.meeting_id LIMIT :limit""")
                .bind("from", utcStart(from))
                .bind("to", utcStart(to.plusDays(1)))
                .bind("limit", limit)
                .map(row -> new EndedMeeting(row.get("meeting_id", UUID.class), row.get("display_name", String.class),
                        instant(row, "ended_at"), row.get("duration_seconds", Integer.class),
                        row.get("peak_participants", Integer.class), row.get("participant_seconds", Long.class)))
                .all();
    }

    /** The nodes that carried meetings in the range, busiest (most changes) first. */
    public Flux<String> busiestNodes(Instant from, Instant to, int limit) {
        return db.sql("""
                        SELECT node_id FROM analytics_node_load WHERE at >= :from AND at < :to
                        GROUP BY node_id ORDER BY count(*) DESC, node_id LIMIT :limit""")
                .bind("from", utc(from))
                .bind("to", utc(to))
                .bind("limit", limit)
                .map(row -> row.get("node_id", String.class))
                .all();
    }

    private static OffsetDateTime utcStart(LocalDate day) {
        return day.atStartOfDay().atOffset(ZoneOffset.UTC);
    }

    /** R2DBC binds timestamps with time zone from offset date-times. */
    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static double minutes(long seconds) {
        return Math.round(seconds / 60.0 * 100) / 100.0;
    }

    private static MeetingStatistics statistics(Readable row) {
        long recordingSeconds = row.get("recording_seconds", Long.class);
        return new MeetingStatistics(
                row.get("meeting_id", UUID.class),
                row.get("created_by_user_id", UUID.class),
                row.get("region", String.class),
                row.get("controller_id", String.class),
                row.get("media_handler_id", String.class),
                instant(row, "created_at"),
                instant(row, "started_at"),
                instant(row, "ended_at"),
                row.get("end_reason", String.class),
                row.get("duration_seconds", Integer.class),
                row.get("peak_participants", Integer.class),
                row.get("total_participants", Integer.class),
                row.get("unique_users", Long.class).intValue(),
                row.get("guests", Long.class).intValue(),
                row.get("participant_seconds", Long.class),
                row.get("admitted_from_waiting_room", Integer.class),
                row.get("rejected_from_waiting_room", Integer.class),
                row.get("average_wait_seconds", Double.class),
                row.get("max_wait_seconds", Integer.class),
                row.get("recordings", Long.class).intValue(),
                recordingSeconds,
                minutes(recordingSeconds),
                List.of());
    }

    private static ParticipantSession session(Readable row) {
        return new ParticipantSession(
                row.get("participant_id", UUID.class),
                row.get("user_id", UUID.class),
                instant(row, "waiting_since"),
                instant(row, "admitted_at"),
                instant(row, "rejected_at"),
                row.get("wait_seconds", Integer.class),
                instant(row, "joined_at"),
                instant(row, "left_at"),
                row.get("leave_reason", String.class),
                row.get("duration_seconds", Integer.class));
    }
}
