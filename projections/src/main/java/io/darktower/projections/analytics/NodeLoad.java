package io.darktower.projections.analytics;

import io.darktower.events.EventEnvelope;
import io.darktower.projections.runtime.SqlWriter;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/**
 * Rows of {@code analytics_node_load}: what one meeting event moves onto or off its controller and media handler.
 * A row is keyed by the event, so the runtime's sequence guard and the key keep it once; the load is summed on reading.
 */
final class NodeLoad {

    static final String CONTROLLER = "controller";
    static final String MEDIA_HANDLER = "media_handler";

    /**
     * A change's time: the event's, or the meeting's last change's if that is later (a join is dated when it was
     * asked, the placement appended before it when it was decided), so a meeting's rows keep its event order.
     */
    private static final String AT = "GREATEST(CAST(? AS timestamptz), COALESCE(last_load_at, '-infinity'))";

    private NodeLoad() {
    }

    /**
     * The meeting moves to {@code node} (first assignment or failover): its participants leave the node it had and
     * arrive on the new one. Called before the meeting's row names the new node.
     */
    static void reassigned(SqlWriter sql, String nodeType, UUID meetingId, String node, Instant at,
                           EventEnvelope envelope) throws SQLException {
        String column = column(nodeType);
        sql.update("""
                INSERT INTO analytics_node_load (node_type, node_id, event_id, at, meeting_id, meetings_delta,
                    participants_delta)
                SELECT CAST(? AS varchar), %1$s, CAST(? AS varchar), %2$s, meeting_id, -1,
                    -current_participants
                FROM analytics_meetings
                WHERE meeting_id = ? AND ended_at IS NULL AND %1$s IS NOT NULL AND %1$s <> ?
                UNION ALL
                SELECT CAST(? AS varchar), CAST(? AS varchar), CAST(? AS varchar), %2$s, meeting_id, 1,
                    current_participants
                FROM analytics_meetings
                WHERE meeting_id = ? AND ended_at IS NULL AND %1$s IS DISTINCT FROM ?""".formatted(column, AT),
                nodeType, envelope.eventId(), at, meetingId, node,
                nodeType, node, envelope.eventId(), at, meetingId, node);
        dated(sql, meetingId, at);
    }

    /** Participants (an SQL expression over the meeting's row) and meetings arrive on or leave both its nodes. */
    static void changed(SqlWriter sql, UUID meetingId, int meetings, String participantsExpression, Instant at,
                        EventEnvelope envelope) throws SQLException {
        sql.update("""
                INSERT INTO analytics_node_load (node_type, node_id, event_id, at, meeting_id, meetings_delta,
                    participants_delta)
                SELECT n.node_type, n.node_id, CAST(? AS varchar), %s, m.meeting_id,
                    CAST(? AS integer), %s
                FROM analytics_meetings m
                CROSS JOIN LATERAL (VALUES ('%s', m.controller_id), ('%s', m.media_handler_id)) AS n(node_type, node_id)
                WHERE m.meeting_id = ? AND n.node_id IS NOT NULL""".formatted(AT, participantsExpression, CONTROLLER,
                        MEDIA_HANDLER),
                envelope.eventId(), at, meetings, meetingId);
        dated(sql, meetingId, at);
    }

    /** Remembers the time of the meeting's last change, which the next one is dated no earlier than. */
    private static void dated(SqlWriter sql, UUID meetingId, Instant at) throws SQLException {
        sql.update("UPDATE analytics_meetings SET last_load_at = " + AT + " WHERE meeting_id = ?", at, meetingId);
    }

    private static String column(String nodeType) {
        return nodeType.equals(CONTROLLER) ? "controller_id" : "media_handler_id";
    }
}
